import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import type { TaskSnapshot } from './task-snapshot.ts';

/** What undoing a task change writes beyond the tasks domain's statements; every statement carries the owner's id. */

/** The occurrence a recurring task's completion just recorded (the latest: the task is locked in this transaction). */
export async function selectLatestCompletionId(db: Database, userId: string, taskId: string): Promise<string | null> {
  const row = await db
    .selectFrom('task_completions')
    .select('id')
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .orderBy('completed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the user's recurring task recorded another occurrence after `completionId` (completed again since). */
export async function hasLaterCompletion(
  db: Database,
  userId: string,
  taskId: string,
  completionId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('task_completions')
    .select('id')
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .where('id', '<>', completionId)
    .where('completed_at', '>=', (eb) =>
      eb
        .selectFrom('task_completions')
        .select('completed_at')
        .where('id', '=', completionId)
        .where('user_id', '=', userId),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The user's open subtasks directly under a task (not in the trash). */
export async function selectChildIds(db: Database, userId: string, parentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

/** Removes a recorded occurrence of one of the user's recurring tasks. */
export async function deleteCompletion(db: Database, userId: string, taskId: string, id: string): Promise<void> {
  await db
    .deleteFrom('task_completions')
    .where('id', '=', id)
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .execute();
}

/** Opens these done tasks of the user's again (the subtasks a completion completed with their parent). */
export async function reopenTasks(db: Database, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('tasks')
    .set({ completed: false, completed_at: null, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('user_id', '=', userId)
    .where('completed', '=', true)
    .where('deleted_at', 'is', null)
    .execute();
}

const dateOf = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Makes the task's reminders exactly the snapshot's, with their firing times and deliveries as
 * they were: a reminder already delivered before the change is not delivered again.
 */
export async function restoreReminders(
  db: Database,
  userId: string,
  taskId: string,
  reminders: TaskSnapshot['reminders'],
): Promise<void> {
  await db.deleteFrom('reminders').where('task_id', '=', taskId).where('user_id', '=', userId).execute();
  if (reminders.length === 0) return;
  const now = Date.now();
  await db
    .insertInto('reminders')
    .values(
      reminders.map((reminder, index) => ({
        id: newId(),
        task_id: taskId,
        user_id: userId,
        minutes_before: reminder.minutesBefore,
        at: dateOf(reminder.at),
        fire_at: dateOf(reminder.fireAt),
        delivered_at: dateOf(reminder.deliveredAt),
        // Distinct times keep the order they had.
        created_at: new Date(now + index),
      })),
    )
    .execute();
}
