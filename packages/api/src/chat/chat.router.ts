import { router, streamedProcedure } from '../trpc.ts';
import { sendChatInput } from './chat.schemas.ts';
import { sendChatMessage } from './send-chat-message.ts';

export const chatRouter = router({
  /**
   * A streamed mutation: the answer is the turn's events (`ChatEvent`), read with `for await`. Over
   * HTTP only through the streaming link; any other request is refused before the turn starts.
   */
  send: streamedProcedure.input(sendChatInput).mutation(({ ctx, input }) => sendChatMessage(ctx, input)),
});
