import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { type DeliveredReminder, selectDeliveredReminderPage } from './reminders.data.ts';
import type { listRemindersInput } from './reminders.schemas.ts';

/**
 * `reminders.list`: the caller's delivered reminders, latest delivered first, a page at a time,
 * each with its task's title; reminders of tasks in the trash are left out. What a client shows
 * after it was away (its `tasks.onChange` stream was closed while they were delivered).
 */
export async function listReminders(
  ctx: UserScope,
  input: z.output<typeof listRemindersInput>,
): Promise<Page<DeliveredReminder>> {
  return await selectDeliveredReminderPage(ctx.db, ctx.userId, input);
}
