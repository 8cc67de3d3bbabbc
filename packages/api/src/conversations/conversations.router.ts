import { Conversation } from '@taskchat/db';
import { encodeCursor, positionIn, takePage } from '../pagination/cursor.ts';
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
    const after = positionIn(SCOPE, input.cursor);
    const qb = ctx.em
      .createQueryBuilder(Conversation, 'c')
      .where({ user: ctx.auth.user.id })
      .orderBy({ updatedAt: 'desc', id: 'desc' })
      .limit(input.limit + 1);
    if (after) qb.andWhere('(c.updated_at, c.id) < (?, ?)', [after.at, after.id]);
    const { items, hasMore } = takePage(await qb.getResultList(), input.limit);
    const last = items.at(-1);
    return {
      items: items.map(toConversationOutput),
      nextCursor: hasMore && last ? encodeCursor(SCOPE, { at: last.updatedAt, id: last.id }) : null,
    };
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
