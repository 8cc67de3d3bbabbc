import { importConversation } from '../export/conversation-import.ts';
import { protectedProcedure, router } from '../trpc.ts';
import { watchConversations } from './conversation-changes.ts';
import { createConversation, getConversation, listConversations, updateConversation } from './conversations.data.ts';
import {
  conversationIdInput,
  createConversationInput,
  importConversationInput,
  listConversationsInput,
  listTrashInput,
  renameConversationInput,
  searchConversationsInput,
} from './conversations.schemas.ts';
import { searchConversations } from './search.data.ts';
import { listTrash, purgeConversation, restoreConversation, trashConversation } from './trash.data.ts';

export const conversationsRouter = router({
  list: protectedProcedure
    .input(listConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.auth.user.id, input)),
  search: protectedProcedure
    .input(searchConversationsInput)
    .query(({ ctx, input }) => searchConversations(ctx.db, ctx.auth.user.id, input)),
  get: protectedProcedure
    .input(conversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.db, ctx.auth.user.id, input.id)),
  create: protectedProcedure
    .input(createConversationInput)
    .mutation(({ ctx, input }) => createConversation(ctx.db, ctx.auth.user.id, input)),
  rename: protectedProcedure
    .input(renameConversationInput)
    .mutation(({ ctx, input }) => updateConversation(ctx.db, ctx.auth.user.id, input.id, { title: input.title })),
  archive: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => updateConversation(ctx.db, ctx.auth.user.id, input.id, { archived: true })),
  unarchive: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => updateConversation(ctx.db, ctx.auth.user.id, input.id, { archived: false })),
  pin: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => updateConversation(ctx.db, ctx.auth.user.id, input.id, { pinned: true })),
  unpin: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => updateConversation(ctx.db, ctx.auth.user.id, input.id, { pinned: false })),
  /** Moves it to the trash (see `trash`, `restore`, `purge`). */
  delete: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => trashConversation(ctx.db, ctx.auth.user.id, input.id)),
  trash: protectedProcedure.input(listTrashInput).query(({ ctx, input }) => listTrash(ctx.db, ctx.auth.user.id, input)),
  restore: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => restoreConversation(ctx.db, ctx.auth.user.id, input.id)),
  purge: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => purgeConversation(ctx.db, ctx.auth.user.id, input.id)),
  /** One conversation of an export (`GET /export`), idempotently. */
  import: protectedProcedure
    .input(importConversationInput)
    .mutation(({ ctx, input }) => importConversation(ctx.db, ctx.auth.user.id, input.ndjson)),
  /** Live, over Server-Sent Events: the caller's conversation list as it changes (`ConversationChange`). */
  onChange: protectedProcedure.subscription(({ ctx, signal }) =>
    watchConversations(ctx, { userId: ctx.auth.user.id, sessionId: ctx.auth.sessionId }, signal),
  ),
});
