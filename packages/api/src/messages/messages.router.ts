import { protectedProcedure, router } from '../trpc.ts';
import { appendMessage } from './append-message.ts';
import { followConversation } from './follow-conversation.ts';
import { listMessages } from './list-messages.ts';
import { appendMessageInput, listMessagesInput, onMessageInput } from './messages.schemas.ts';

export const messagesRouter = router({
  list: protectedProcedure.input(listMessagesInput).query(({ ctx, input }) => listMessages(ctx, input)),
  append: protectedProcedure.input(appendMessageInput).mutation(({ ctx, input }) => appendMessage(ctx, input)),
  /** Live, over Server-Sent Events: the conversation's messages and running turns (`ConversationStreamEvent`). */
  onMessage: protectedProcedure
    .input(onMessageInput)
    .subscription(({ ctx, input, signal }) => followConversation({ ...ctx, signal }, input)),
});
