import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import { fireAt } from './local-time.ts';

/** Reminders of tasks, and their `fire_at` (kept here whenever a due or the reminders change). */

export interface ReminderOutput {
  id: string;
  minutesBefore: number | null;
  at: Date | null;
  fireAt: Date | null;
  deliveredAt: Date | null;
}

const dateOf = (value: string | null): Date | null => (value === null ? null : new Date(value));

/** The reminders of each of the tasks, in the order they were set: one statement for all of them. */
export async function selectReminders(
  db: Database,
  userId: string,
  taskIds: string[],
): Promise<Map<string, ReminderOutput[]>> {
  const rows = await db
    .selectFrom('reminders')
    .select(['id', 'task_id', 'minutes_before', 'at', 'fire_at', 'delivered_at'])
    .where('user_id', '=', userId)
    .where('task_id', 'in', taskIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const reminders = new Map<string, ReminderOutput[]>();
  for (const row of rows) {
    const reminder = {
      id: row.id,
      minutesBefore: row.minutes_before,
      at: dateOf(row.at),
      fireAt: dateOf(row.fire_at),
      deliveredAt: dateOf(row.delivered_at),
    };
    reminders.set(row.task_id, [...(reminders.get(row.task_id) ?? []), reminder]);
  }
  return reminders;
}

export type ReminderValue = { minutesBefore: number; at?: undefined } | { at: Date; minutesBefore?: undefined };

/** Makes the task's reminders exactly these, each with its `fire_at` from the task's due. */
export async function replaceReminders(
  db: Database,
  userId: string,
  task: { id: string; dueDate: string | null; dueAt: Date | null },
  zone: string,
  reminders: readonly ReminderValue[],
): Promise<void> {
  await db.deleteFrom('reminders').where('task_id', '=', task.id).where('user_id', '=', userId).execute();
  if (reminders.length === 0) return;
  const now = Date.now();
  await db
    .insertInto('reminders')
    .values(
      reminders.map((reminder, index) => {
        const value = { minutesBefore: reminder.minutesBefore ?? null, at: reminder.at ?? null };
        return {
          id: newId(),
          task_id: task.id,
          user_id: userId,
          minutes_before: value.minutesBefore,
          at: value.at,
          fire_at: fireAt(zone, task, value),
          // Distinct times keep the order they were given in.
          created_at: new Date(now + index),
        };
      }),
    )
    .execute();
}

/**
 * After the task's due changed: its relative reminders fire from the new due moment, armed again
 * (`delivered_at` cleared) when `rearm` (a recurring task's next occurrence). Absolute ones stay.
 */
export async function refreshRelativeReminders(
  db: Database,
  userId: string,
  task: { id: string; dueDate: string | null; dueAt: Date | null },
  zone: string,
  options: { rearm: boolean },
): Promise<void> {
  const relative = await db
    .selectFrom('reminders')
    .select(['id', 'minutes_before'])
    .where('task_id', '=', task.id)
    .where('user_id', '=', userId)
    .where('minutes_before', 'is not', null)
    .execute();
  for (const reminder of relative) {
    await db
      .updateTable('reminders')
      .set({
        fire_at: fireAt(zone, task, { minutesBefore: reminder.minutes_before, at: null }),
        ...(options.rearm ? { delivered_at: null } : {}),
      })
      .where('id', '=', reminder.id)
      .where('user_id', '=', userId)
      .execute();
  }
}
