import { protectedProcedure, router } from '../trpc.ts';
import { appendMessage } from './append-message.ts';
import { followConversation } from './follow-conversation.ts';
import { listMessages } from './list-messages.ts';
import { appendMessageInput, listMessagesInput, onMessageInput, voteInput } from './messages.schemas.ts';
import { voteOnMessage } from './vote-message.ts';

export const messagesRouter = router({
  list: protectedProcedure.input(listMessagesInput).query(({ ctx, input }) => listMessages(ctx, input)),
  append: protectedProcedure.input(appendMessageInput).mutation(({ ctx, input }) => appendMessage(ctx, input)),
  /** Thumbs up or down on an answer, with an optional comment; null takes it back. */
  vote: protectedProcedure.input(voteInput).mutation(({ ctx, input }) => voteOnMessage(ctx, input)),
  /** Live, over Server-Sent Events: the conversation's messages and running turns (`ConversationStreamEvent`). */
  onMessage: protectedProcedure
    .input(onMessageInput)
    .subscription(({ ctx, input, signal }) => followConversation({ ...ctx, signal }, input)),
});
