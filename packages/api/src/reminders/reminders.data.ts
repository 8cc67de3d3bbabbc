import type { ExpressionBuilder } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';

/**
 * Reminders as delivery and `reminders.list` see them. The tasks domain writes `fire_at` (when a
 * reminder is due); this module only delivers (sets `delivered_at`) and reads what was delivered.
 */

/** A delivered reminder, as `reminders.list` and `tasks.onChange` show it. */
export interface DeliveredReminder {
  id: string;
  taskId: string;
  taskTitle: string;
  fireAt: Date;
  deliveredAt: Date;
}

/** One reminder delivered by `deliverDueReminders`: whose, of which task, when due and when delivered. */
export interface Delivery {
  id: string;
  userId: string;
  taskId: string;
  fireAt: Date;
  deliveredAt: Date;
}

/**
 * Delivers up to `batchSize` due reminders, soonest first, whoever owns them, in ONE statement:
 * the reminders whose `fire_at` has passed, not delivered yet, of a task that is open and not in
 * the trash, are locked (`for update of reminders skip locked`: rows another process is
 * delivering right now are skipped, never waited for) and get `delivered_at = now()`. The
 * `notify_reminder_delivered` trigger announces each in the same transaction, so the claim, the
 * delivery and the announcement are one commit: a reminder is delivered exactly once across
 * processes, and a process killed before the commit leaves it due for the next poll, anyone's.
 * The subquery seeks `reminders_due_idx` (fire_at, where not delivered). Returns what it delivered.
 */
export async function deliverDueReminders(db: Database, batchSize: number): Promise<Delivery[]> {
  // Every user's reminders, like the trash purge: delivery is the system's work, not one user's.
  const due = db
    .selectFrom('reminders')
    .innerJoin('tasks', (join) =>
      join.onRef('tasks.id', '=', 'reminders.task_id').onRef('tasks.user_id', '=', 'reminders.user_id'),
    )
    .select('reminders.id')
    .where('reminders.fire_at', 'is not', null)
    .where((eb) => eb('reminders.fire_at', '<=', eb.fn<string>('now')))
    .where('reminders.delivered_at', 'is', null)
    .where('tasks.completed', '=', false)
    .where('tasks.deleted_at', 'is', null)
    .orderBy('reminders.fire_at')
    .limit(batchSize)
    .forUpdate(['reminders'])
    .skipLocked();
  const rows = await db
    .updateTable('reminders')
    .set((eb) => ({ delivered_at: eb.fn<Date>('now') }))
    .where('id', 'in', due)
    .returning(['id', 'user_id', 'task_id', 'fire_at', 'delivered_at'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    taskId: row.task_id,
    fireAt: new Date(row.fire_at as string),
    deliveredAt: new Date(row.delivered_at as string),
  }));
}

/**
 * The user's delivered reminders whose task is not in the trash, with the task's title. Only
 * `reminders` is in the FROM list (the task is read by subqueries), so the keyset's `id` is the
 * reminder's and the page seeks `reminders_user_delivered_idx`.
 */
function deliveredOf(db: Database, userId: string) {
  const task = (eb: ExpressionBuilder<Tables, 'reminders'>) =>
    eb.selectFrom('tasks').where('tasks.user_id', '=', userId).whereRef('tasks.id', '=', 'reminders.task_id');
  return db
    .selectFrom('reminders')
    .select(['id', 'task_id', 'fire_at', 'delivered_at'])
    .select((eb) => task(eb).select('tasks.title').$asScalar().as('task_title'))
    .where('user_id', '=', userId)
    .where('delivered_at', 'is not', null)
    .where((eb) => eb.exists(task(eb).select('tasks.id').where('tasks.deleted_at', 'is', null)));
}

type DeliveredRow = {
  id: string;
  task_id: string;
  task_title: string | null;
  fire_at: string | null;
  delivered_at: string | null;
};

function toDeliveredReminder(row: DeliveredRow): DeliveredReminder {
  return {
    id: row.id,
    taskId: row.task_id,
    // Never null: the task exists (the row is kept only when it does).
    taskTitle: row.task_title ?? '',
    // A delivered reminder always had a fire_at (delivery requires it).
    fireAt: new Date(row.fire_at as string),
    deliveredAt: new Date(row.delivered_at as string),
  };
}

/** The user's delivered reminders of tasks not in the trash, latest delivered first (`reminders_user_delivered_idx`). */
export async function selectDeliveredReminderPage(
  db: Database,
  userId: string,
  request: PageRequest,
): Promise<Page<DeliveredReminder>> {
  return await keysetPage(
    deliveredOf(db, userId),
    {
      scope: 'reminders:delivered',
      sortColumns: ['delivered_at'],
      sortKinds: ['date'],
      toItem: toDeliveredReminder,
      sortKeys: (reminder) => [reminder.deliveredAt],
    },
    request,
  );
}

/**
 * The user's delivered reminders among `ids` (at most a page's worth), in one statement; those
 * not the user's, not delivered or of a task in the trash are left out.
 */
export async function findDeliveredReminders(
  db: Database,
  userId: string,
  ids: readonly string[],
): Promise<DeliveredReminder[]> {
  if (ids.length === 0) return [];
  const rows = await deliveredOf(db, userId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toDeliveredReminder);
}
