import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { toDate } from '../sql-rows.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toConversationOutput } from './conversation-output.ts';
import {
  deleteConversation,
  findConversation,
  insertConversation,
  listConversations,
  renameConversation,
} from './conversations.queries.ts';
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
    const page = await keysetPage((limit, after) => listConversations(ctx.db, ctx.auth.user.id, limit, after), {
      scope: SCOPE,
      sortKey: (row) => toDate(row.updatedAt),
      after: positionIn(SCOPE, input.cursor),
      limit: input.limit,
    });
    return { items: page.items.map(toConversationOutput), nextCursor: page.nextCursor };
  }),

  get: protectedProcedure.input(conversationIdInput).query(async ({ ctx, input }) => {
    const row = await findConversation(ctx.db, ctx.auth.user.id, input.id);
    if (!row) throw notFound('Conversation');
    return toConversationOutput(row);
  }),

  create: protectedProcedure.input(createConversationInput).mutation(async ({ ctx, input }) => {
    return toConversationOutput(await insertConversation(ctx.db, ctx.auth.user.id, input.title ?? null));
  }),

  /** Renaming is not activity: the conversation keeps its place in the list. */
  rename: protectedProcedure.input(renameConversationInput).mutation(async ({ ctx, input }) => {
    const row = await renameConversation(ctx.db, ctx.auth.user.id, input.id, input.title);
    if (!row) throw notFound('Conversation');
    return toConversationOutput(row);
  }),

  /** Its messages go with it (ON DELETE CASCADE). */
  delete: protectedProcedure.input(conversationIdInput).mutation(async ({ ctx, input }) => {
    if (!(await deleteConversation(ctx.db, ctx.auth.user.id, input.id))) throw notFound('Conversation');
    return { id: input.id };
  }),
});
