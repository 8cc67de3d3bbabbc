import type { Priority } from '@taskchat/db';
import type { Database } from '../database.ts';

/**
 * `tasks.import`'s statements: what the caller already has of a file, and the new rows in
 * multi-row inserts. Every statement carries the caller's id; the file's ids are only ever
 * compared with the caller's own rows (`id`, `client_id`), so another user's ids match nothing.
 */

/** Rows per insert (and ids per lookup): far under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += CHUNK) yield items.slice(start, start + CHUNK);
}

/** A task of the caller's that an export id names: imported before (`client_id`) or exported from this account (`id`). */
export interface ImportedTask {
  id: string;
  clientId: string | null;
  projectId: string;
  /** Set when it is in the trash. */
  deletedAt: string | null;
}

/** The caller's tasks (the trash included) whose id or client id is one of the export ids. */
export async function findImportedTasks(db: Database, userId: string, exportIds: string[]): Promise<ImportedTask[]> {
  const found: ImportedTask[] = [];
  for (const chunk of chunks(exportIds)) {
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'client_id', 'project_id', 'deleted_at'])
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('client_id', 'in', chunk), eb('id', 'in', chunk)]))
      .execute();
    for (const row of rows) {
      found.push({ id: row.id, clientId: row.client_id, projectId: row.project_id, deletedAt: row.deleted_at });
    }
  }
  return found;
}

/** The caller's projects (the Inbox and archived ones included): what a file's projects are matched to by name. */
export async function selectProjectsForImport(
  db: Database,
  userId: string,
): Promise<{ id: string; name: string; inbox: boolean; position: string }[]> {
  return await db
    .selectFrom('projects')
    .select(['id', 'name', 'inbox', 'position'])
    .where('user_id', '=', userId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** How many labels the caller has. */
export async function countLabelsOf(db: Database, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom('labels')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export interface ImportedTaskRow {
  id: string;
  clientId: string;
  projectId: string;
  parentId: string | null;
  position: string;
  title: string;
  description: string | null;
  dueDate: string | null;
  dueAt: Date | null;
  deadline: string | null;
  priority: Priority;
  recurrence: string | null;
  completed: boolean;
  completedAt: Date | null;
  /** Set for a subtask of a task in the caller's trash: it goes into the trash with it (restored with it). */
  deletedAt: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Inserts the tasks, parents before their subtasks (the order given), in multi-row inserts; ids
 * are the caller's own, made before (so subtasks can name their parents').
 */
export async function insertImportedTasks(
  db: Database,
  userId: string,
  tasks: readonly ImportedTaskRow[],
): Promise<void> {
  for (const chunk of chunks(tasks)) {
    await db
      .insertInto('tasks')
      .values(
        chunk.map((task) => ({
          id: task.id,
          user_id: userId,
          client_id: task.clientId,
          project_id: task.projectId,
          parent_id: task.parentId,
          position: task.position,
          title: task.title,
          description: task.description,
          due_date: task.dueDate,
          due_at: task.dueAt,
          deadline: task.deadline,
          priority: task.priority,
          recurrence: task.recurrence,
          completed: task.completed,
          completed_at: task.completedAt,
          deleted_at: task.deletedAt === null ? null : new Date(task.deletedAt),
          created_at: task.createdAt,
          updated_at: task.updatedAt,
        })),
      )
      .execute();
  }
}

/** Puts labels on the new tasks (pairs of the caller's task and label ids). */
export async function insertImportedTaskLabels(
  db: Database,
  userId: string,
  pairs: readonly { taskId: string; labelId: string }[],
): Promise<void> {
  for (const chunk of chunks(pairs)) {
    await db
      .insertInto('task_labels')
      .values(chunk.map((pair) => ({ task_id: pair.taskId, label_id: pair.labelId, user_id: userId })))
      .execute();
  }
}

export interface ImportedReminderRow {
  id: string;
  taskId: string;
  minutesBefore: number | null;
  at: Date | null;
  fireAt: Date | null;
  /** Set when its time had passed at the import: it does not fire again. */
  deliveredAt: Date | null;
  createdAt: Date;
}

/** The new tasks' reminders, `fire_at` computed by the caller (`local-time.ts` `fireAt`). */
export async function insertImportedReminders(
  db: Database,
  userId: string,
  reminders: readonly ImportedReminderRow[],
): Promise<void> {
  for (const chunk of chunks(reminders)) {
    await db
      .insertInto('reminders')
      .values(
        chunk.map((reminder) => ({
          id: reminder.id,
          task_id: reminder.taskId,
          user_id: userId,
          minutes_before: reminder.minutesBefore,
          at: reminder.at,
          fire_at: reminder.fireAt,
          delivered_at: reminder.deliveredAt,
          created_at: reminder.createdAt,
        })),
      )
      .execute();
  }
}
