import { protectedProcedure, router } from '../trpc.ts';
import { appendMessage } from './append-message.ts';
import { listMessages } from './messages.data.ts';
import { appendMessageInput, listMessagesInput } from './messages.schemas.ts';

export const messagesRouter = router({
  list: protectedProcedure
    .input(listMessagesInput)
    .query(({ ctx, input }) => listMessages(ctx.db, ctx.auth.user.id, input)),
  append: protectedProcedure
    .input(appendMessageInput)
    .mutation(({ ctx, input }) => appendMessage(ctx.db, ctx.auth.user.id, input)),
});
