import { protectedProcedure, router } from '../trpc.ts';
import { watchConversations } from './conversation-changes.ts';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
} from './conversations.data.ts';
import {
  conversationIdInput,
  createConversationInput,
  listConversationsInput,
  renameConversationInput,
} from './conversations.schemas.ts';

export const conversationsRouter = router({
  list: protectedProcedure
    .input(listConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.auth.user.id, input)),
  get: protectedProcedure
    .input(conversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.db, ctx.auth.user.id, input.id)),
  create: protectedProcedure
    .input(createConversationInput)
    .mutation(({ ctx, input }) => createConversation(ctx.db, ctx.auth.user.id, input)),
  rename: protectedProcedure
    .input(renameConversationInput)
    .mutation(({ ctx, input }) => renameConversation(ctx.db, ctx.auth.user.id, input)),
  delete: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => deleteConversation(ctx.db, ctx.auth.user.id, input.id)),
  /** Live, over Server-Sent Events: the caller's conversation list as it changes (`ConversationChange`). */
  onChange: protectedProcedure.subscription(({ ctx, signal }) =>
    watchConversations(ctx, { userId: ctx.auth.user.id, sessionId: ctx.auth.sessionId }, signal),
  ),
});
