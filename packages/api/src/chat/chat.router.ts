import { protectedProcedure, router, streamedProcedure } from '../trpc.ts';
import { chatEffectsInput, chatUsageInput, regenerateChatInput, sendChatInput, undoChatInput } from './chat.schemas.ts';
import { getChatAssistant } from './get-chat-assistant.ts';
import { getChatUsage } from './get-chat-usage.ts';
import { listMessageEffects } from './list-message-effects.ts';
import { regenerateChatAnswer, sendChatMessage } from './send-chat-message.ts';
import { undoMessage } from './undo-message.ts';

export const chatRouter = router({
  /**
   * A streamed mutation: the answer is the turn's events (`ChatEvent`), read with `for await`. Over
   * HTTP only through the streaming link; any other request is refused before the turn starts.
   */
  send: streamedProcedure.input(sendChatInput).mutation(({ ctx, input }) => sendChatMessage(ctx, input)),
  /** An answer given again, beside the old one: streamed as `send` is. */
  regenerate: streamedProcedure
    .input(regenerateChatInput)
    .mutation(({ ctx, input }) => regenerateChatAnswer(ctx, input)),
  /** The caller's turns, tokens and latency by day in their time zone. */
  usage: protectedProcedure.input(chatUsageInput).query(({ ctx, input }) => getChatUsage(ctx, input)),
  /** Which assistant answers: the offline one, or the configured model. */
  assistant: protectedProcedure.query(({ ctx }) => getChatAssistant(ctx)),
  /** Reverts an assistant message's task changes, once. */
  undo: protectedProcedure.input(undoChatInput).mutation(({ ctx, input }) => undoMessage(ctx, input)),
  /** The task changes of up to 100 messages, with their undo state. */
  effects: protectedProcedure.input(chatEffectsInput).query(({ ctx, input }) => listMessageEffects(ctx, input)),
});
