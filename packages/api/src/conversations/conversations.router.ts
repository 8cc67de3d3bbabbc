import { protectedProcedure, publicProcedure, router } from '../trpc.ts';
import { archiveConversation, unarchiveConversation } from './archive-conversation.ts';
import {
  conversationIdInput,
  createConversationInput,
  getConversationInput,
  importConversationInput,
  listConversationsInput,
  listTrashInput,
  renameConversationInput,
  searchConversationsInput,
  setLeafInput,
  sharedInput,
  unshareInput,
} from './conversations.schemas.ts';
import { createConversation } from './create-conversation.ts';
import { getConversation } from './get-conversation.ts';
import { importConversation } from './import-conversation.ts';
import { listConversations } from './list-conversations.ts';
import { listShares } from './list-shares.ts';
import { listTrash } from './list-trash.ts';
import { pinConversation, unpinConversation } from './pin-conversation.ts';
import { purgeConversation } from './purge-conversation.ts';
import { renameConversation } from './rename-conversation.ts';
import { restoreConversation } from './restore-conversation.ts';
import { searchConversations } from './search-conversations.ts';
import { setLeaf } from './set-leaf.ts';
import { shareConversation } from './share-conversation.ts';
import { trashConversation } from './trash-conversation.ts';
import { unshareConversation } from './unshare-conversation.ts';
import { viewShared } from './view-shared.ts';
import { watchConversations } from './watch-conversations.ts';

export const conversationsRouter = router({
  list: protectedProcedure.input(listConversationsInput).query(({ ctx, input }) => listConversations(ctx, input)),
  search: protectedProcedure.input(searchConversationsInput).query(({ ctx, input }) => searchConversations(ctx, input)),
  get: protectedProcedure.input(getConversationInput).query(({ ctx, input }) => getConversation(ctx, input)),
  create: protectedProcedure
    .input(createConversationInput)
    .mutation(({ ctx, input }) => createConversation(ctx, input)),
  rename: protectedProcedure
    .input(renameConversationInput)
    .mutation(({ ctx, input }) => renameConversation(ctx, input)),
  archive: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => archiveConversation(ctx, input)),
  unarchive: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => unarchiveConversation(ctx, input)),
  pin: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => pinConversation(ctx, input)),
  unpin: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => unpinConversation(ctx, input)),
  /** Switches to the branch through a message (its newest message becomes the leaf). */
  setLeaf: protectedProcedure.input(setLeafInput).mutation(({ ctx, input }) => setLeaf(ctx, input)),
  /** A read-only link to the current branch as it is now; the link's secret is in the answer only. */
  share: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => shareConversation(ctx, input)),
  /** Revokes a share link at once. */
  unshare: protectedProcedure.input(unshareInput).mutation(({ ctx, input }) => unshareConversation(ctx, input)),
  /** The caller's share links, newest first. */
  shares: protectedProcedure.query(({ ctx }) => listShares(ctx)),
  /** A shared snapshot by its link's secret, for anyone (no sign-in). */
  shared: publicProcedure.input(sharedInput).query(({ ctx, input }) => viewShared(ctx, input)),
  /** Moves it to the trash (see `trash`, `restore`, `purge`). */
  delete: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => trashConversation(ctx, input)),
  trash: protectedProcedure.input(listTrashInput).query(({ ctx, input }) => listTrash(ctx, input)),
  restore: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => restoreConversation(ctx, input)),
  purge: protectedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => purgeConversation(ctx, input)),
  /** One conversation of an export (`GET /export`), idempotently. */
  import: protectedProcedure
    .input(importConversationInput)
    .mutation(({ ctx, input }) => importConversation(ctx, input)),
  /** Live, over Server-Sent Events: the caller's conversation list as it changes (`ConversationChange`). */
  onChange: protectedProcedure.subscription(({ ctx, signal }) => watchConversations({ ...ctx, signal })),
});
