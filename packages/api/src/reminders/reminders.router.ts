import { protectedProcedure, router } from '../trpc.ts';
import { listReminders } from './list-reminders.ts';
import { listRemindersInput } from './reminders.schemas.ts';

export const remindersRouter = router({
  list: protectedProcedure.input(listRemindersInput).query(({ ctx, input }) => listReminders(ctx, input)),
});
