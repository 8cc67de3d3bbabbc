import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { localParts } from './local-time.ts';
import { nextOccurrence } from './recurrence.ts';
import { refreshRelativeReminders } from './task-reminders.data.ts';
import { completeTasks, selectDescendants } from './task-tree.data.ts';
import {
  insertCompletion,
  selectSeriesStart,
  selectTask,
  selectTaskRow,
  selectTimeZone,
  storedDueOf,
  type TaskOutput,
  updateTaskRow,
} from './tasks.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/**
 * `tasks.complete`: marks the task done; NOT_FOUND when not the caller's; a done task stays as it
 * is. A recurring task records the occurrence (`task_completions`), stays open and moves to its
 * next occurrence (relative reminders armed again); with none left it completes for good. A task
 * that completes for good completes its open one-off subtasks, at every depth, in the same
 * transaction (recurring subtasks keep their schedule).
 */
export async function completeTask(ctx: UserScope, input: z.output<typeof taskIdInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const { userId } = ctx;
    const now = new Date();
    const zone = await selectTimeZone(tx, userId);
    const task = await selectTaskRow(tx, userId, input.id, { lock: true });
    if (task.completed) return await selectTask(tx, userId, task.id, zone);
    const due = storedDueOf(task);
    if (task.recurrence !== null && due.dueDate !== null) {
      await insertCompletion(tx, userId, task.id, { ...due, completedAt: now });
      // COUNT counts from the first occurrence completed; other rules go on from this one.
      const counted = /COUNT=/i.test(task.recurrence);
      const seriesStart = (counted && (await selectSeriesStart(tx, userId, task.id))) || due.dueDate;
      const time = due.dueAt ? localParts(zone, due.dueAt).time : null;
      const next = nextOccurrence(task.recurrence, zone, { dueDate: due.dueDate, time, seriesStart }, now);
      if (next) {
        await updateTaskRow(tx, userId, task.id, { dueDate: next.dueDate, dueAt: next.dueAt, completedAt: now });
        await refreshRelativeReminders(tx, userId, { id: task.id, ...next }, zone, { rearm: true });
        return await selectTask(tx, userId, task.id, zone);
      }
    }
    await updateTaskRow(tx, userId, task.id, { completed: true, completedAt: now });
    const open = (await selectDescendants(tx, userId, task.id)).filter(
      (sub) => !sub.completed && sub.recurrence === null,
    );
    await completeTasks(
      tx,
      userId,
      open.map((sub) => sub.id),
      now,
    );
    return await selectTask(tx, userId, task.id, zone);
  });
}
