import { Conversation } from '@taskchat/db';
import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toConversationOutput } from './conversation-output.ts';
import {
  conversationIdInput,
  createConversationInput,
  listConversationsInput,
  renameConversationInput,
} from './conversations.schemas.ts';

const SCOPE = 'conversations';

export const conversationsRouter = router({
  /** Most recent activity first (updated_at desc, id desc). */
  list: protectedProcedure.input(listConversationsInput).query(async ({ ctx, input }) => {
    const query = ctx.em
      .createQueryBuilder(Conversation, 'c')
      .where({ user: ctx.auth.user.id })
      .orderBy({ updatedAt: 'desc', id: 'desc' });
    const page = await keysetPage(query, {
      scope: SCOPE,
      sortColumn: 'c.updated_at',
      sortKey: (conversation) => conversation.updatedAt,
      after: positionIn(SCOPE, input.cursor),
      limit: input.limit,
    });
    return { items: page.items.map(toConversationOutput), nextCursor: page.nextCursor };
  }),

  get: protectedProcedure.input(conversationIdInput).query(async ({ ctx, input }) => {
    const conversation = await ctx.em.findOne(Conversation, { id: input.id, user: ctx.auth.user.id });
    if (!conversation) throw notFound('Conversation');
    return toConversationOutput(conversation);
  }),

  create: protectedProcedure.input(createConversationInput).mutation(async ({ ctx, input }) => {
    const conversation = ctx.em.create(Conversation, { user: ctx.auth.user.id, title: input.title ?? null });
    await ctx.em.flush();
    return toConversationOutput(conversation);
  }),

  /** Renaming is not activity: the conversation keeps its place in the list. */
  rename: protectedProcedure.input(renameConversationInput).mutation(async ({ ctx, input }) => {
    const conversation = await ctx.em.findOne(Conversation, { id: input.id, user: ctx.auth.user.id });
    if (!conversation) throw notFound('Conversation');
    conversation.title = input.title;
    await ctx.em.flush();
    return toConversationOutput(conversation);
  }),

  /** Its messages go with it (ON DELETE CASCADE). */
  delete: protectedProcedure.input(conversationIdInput).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.em.nativeDelete(Conversation, { id: input.id, user: ctx.auth.user.id });
    if (deleted === 0) throw notFound('Conversation');
    return { id: input.id };
  }),
});
