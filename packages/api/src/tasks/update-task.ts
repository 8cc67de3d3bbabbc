import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { storedDue } from './local-time.ts';
import { ensureLabels, replaceTaskLabels } from './task-labels.data.ts';
import { refreshRelativeReminders, replaceReminders } from './task-reminders.data.ts';
import { checkRecurrence, checkReminders } from './task-rules.ts';
import {
  lockUserForCreation,
  selectTask,
  selectTaskRow,
  selectTimeZone,
  storedDueOf,
  type TaskOutput,
  updateTaskRow,
} from './tasks.data.ts';
import type { updateTaskInput } from './tasks.schemas.ts';

/**
 * `tasks.update`: changes the given fields (undefined keeps one, null clears it); NOT_FOUND when
 * not the caller's. A new due keeps the rule unless `recurrence` is given; `labels` and
 * `reminders` replace the set; relative reminders follow a new due (armed again).
 */
export async function updateTask(ctx: TaskScope, input: z.output<typeof updateTaskInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const { userId } = ctx;
    const now = new Date();
    // New labels count against the cap: the user's creations are serialised by their row.
    const zone = input.labels?.length ? await lockUserForCreation(tx, userId) : await selectTimeZone(tx, userId);
    const current = await selectTaskRow(tx, userId, input.id, { lock: true });
    const before = storedDueOf(current);
    const due =
      input.due === undefined ? { due_date: before.dueDate, due_at: before.dueAt } : storedDue(zone, input.due);
    const recurrence = input.recurrence === undefined ? current.recurrence : input.recurrence;
    if (input.due !== undefined || input.recurrence !== undefined) {
      checkRecurrence(recurrence, due.due_date, input.recurrence === undefined ? 'due' : 'recurrence');
    }
    const reminders = input.reminders && checkReminders(input.reminders, now);
    await updateTaskRow(tx, userId, input.id, {
      title: input.title,
      description: input.description,
      dueDate: input.due === undefined ? undefined : due.due_date,
      dueAt: input.due === undefined ? undefined : due.due_at,
      deadline: input.deadline,
      priority: input.priority,
      recurrence: input.recurrence,
    });
    if (input.labels) {
      await replaceTaskLabels(
        tx,
        userId,
        input.id,
        await ensureLabels(tx, userId, input.labels, ctx.tasks.labelsPerUser),
      );
    }
    const task = { id: input.id, dueDate: due.due_date, dueAt: due.due_at };
    if (reminders) await replaceReminders(tx, userId, task, zone, reminders);
    else if (input.due !== undefined) await refreshRelativeReminders(tx, userId, task, zone, { rearm: true });
    return await selectTask(tx, userId, input.id, zone);
  });
}
