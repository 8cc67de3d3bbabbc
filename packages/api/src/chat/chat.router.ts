import { protectedProcedure, router, streamedProcedure } from '../trpc.ts';
import { chatEffectsInput, sendChatInput, undoChatInput } from './chat.schemas.ts';
import { listMessageEffects } from './list-message-effects.ts';
import { sendChatMessage } from './send-chat-message.ts';
import { undoMessage } from './undo-message.ts';

export const chatRouter = router({
  /**
   * A streamed mutation: the answer is the turn's events (`ChatEvent`), read with `for await`. Over
   * HTTP only through the streaming link; any other request is refused before the turn starts.
   */
  send: streamedProcedure.input(sendChatInput).mutation(({ ctx, input }) => sendChatMessage(ctx, input)),
  /** Reverts an assistant message's task changes, once. */
  undo: protectedProcedure.input(undoChatInput).mutation(({ ctx, input }) => undoMessage(ctx, input)),
  /** The task changes of up to 100 messages, with their undo state. */
  effects: protectedProcedure.input(chatEffectsInput).query(({ ctx, input }) => listMessageEffects(ctx, input)),
});
