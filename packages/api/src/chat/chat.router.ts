import { protectedProcedure, router } from '../trpc.ts';
import { sendChatInput } from './chat.schemas.ts';
import { sendChatMessage } from './send-chat-message.ts';

export const chatRouter = router({
  /** A streamed mutation: the answer is the turn's events (`ChatEvent`), read with `for await`. */
  send: protectedProcedure.input(sendChatInput).mutation(({ ctx, input }) => sendChatMessage(ctx, input)),
});
