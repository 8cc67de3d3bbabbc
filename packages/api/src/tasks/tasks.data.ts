import { newId, type Priority } from '@taskchat/db';
import type { Selectable } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { dueOutput } from './local-time.ts';
import { selectLabelNames } from './task-labels.data.ts';
import { type ReminderOutput, selectReminders } from './task-reminders.data.ts';

/**
 * Tasks: every statement is scoped by the owner's id, so another user's task is a missing one, and
 * every one outside the trash's own leaves trashed tasks out (`deleted_at is null`).
 */

export interface Due {
  /** YYYY-MM-DD, the user's local date. */
  date: string;
  /** HH:mm local, when timed. */
  time: string | null;
  /** The instant, when timed. */
  at: Date | null;
}

export interface TaskOutput {
  id: string;
  title: string;
  description: string | null;
  projectId: string;
  parentId: string | null;
  position: string;
  due: Due | null;
  deadline: string | null;
  priority: Priority;
  recurrence: string | null;
  /** Names, sorted case-insensitively. */
  labels: string[];
  reminders: ReminderOutput[];
  completed: boolean;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TASK_COLUMNS = [
  'id',
  'title',
  'description',
  'project_id',
  'parent_id',
  'position',
  'due_date',
  'due_at',
  'deadline',
  'priority',
  'recurrence',
  'completed',
  'completed_at',
  'created_at',
  'updated_at',
] as const;
export type TaskRow = Pick<Selectable<Tables['tasks']>, (typeof TASK_COLUMNS)[number]>;

/** A `date` column's value as YYYY-MM-DD, however the driver hands it over. */
export function dayOf(value: string | Date): string;
export function dayOf(value: string | Date | null): string | null;
export function dayOf(value: string | Date | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

const dateOf = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

/** The row's due as stored: its date and its instant. */
export function storedDueOf(row: Pick<TaskRow, 'due_date' | 'due_at'>): { dueDate: string | null; dueAt: Date | null } {
  return { dueDate: dayOf(row.due_date as string | Date | null), dueAt: dateOf(row.due_at) };
}

/**
 * The rows as outputs, with their labels and reminders: two statements whatever the number of
 * rows (one per kind, over all the rows' ids). `zone` reads a timed due's local time.
 */
export async function toTaskOutputs(
  db: Database,
  userId: string,
  rows: TaskRow[],
  zone: string,
): Promise<TaskOutput[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [labels, reminders] = await Promise.all([selectLabelNames(db, userId, ids), selectReminders(db, userId, ids)]);
  return rows.map((row) => {
    const { dueDate, dueAt } = storedDueOf(row);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      projectId: row.project_id,
      parentId: row.parent_id,
      position: row.position,
      due: dueOutput(zone, dueDate, dueAt),
      deadline: dayOf(row.deadline as string | Date | null),
      priority: row.priority as Priority,
      recurrence: row.recurrence,
      labels: labels.get(row.id) ?? [],
      reminders: reminders.get(row.id) ?? [],
      completed: row.completed,
      completedAt: dateOf(row.completed_at),
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    };
  });
}

/** The user's tasks that are not in the trash: every statement outside the trash's own starts here. */
export const usersTasks = (db: Database, userId: string) =>
  db.selectFrom('tasks').where('tasks.user_id', '=', userId).where('tasks.deleted_at', 'is', null);

/** The user's time zone (`users.time_zone`). */
export async function selectTimeZone(db: Database, userId: string): Promise<string> {
  const row = await db.selectFrom('users').select('time_zone').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.time_zone;
}

/**
 * Locks the user's row until the transaction ends, so the user's creations of tasks and labels
 * are serialised and a cap counted after it cannot be passed by a racing one; answers the zone.
 */
export async function lockUserForCreation(tx: Database, userId: string): Promise<string> {
  const row = await tx
    .selectFrom('users')
    .select('time_zone')
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.time_zone;
}

/** BAD_REQUEST when the user already holds `cap` tasks (the trash included). */
export async function assertTaskRoom(db: Database, userId: string, cap: number, adding = 1): Promise<void> {
  // Counting stops at the cap: at most `cap` index entries are read.
  const row = await db
    .selectFrom((eb) => eb.selectFrom('tasks').select('id').where('user_id', '=', userId).limit(cap).as('capped'))
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(row.count) + adding > cap) {
    throw new DomainError('BAD_REQUEST', `You have reached the limit of ${cap} tasks: delete some to add more`);
  }
}

/** One of the user's tasks (not trashed), optionally locked for the transaction; NOT_FOUND otherwise. */
export async function selectTaskRow(
  db: Database,
  userId: string,
  id: string,
  options: { lock?: boolean; what?: string } = {},
): Promise<TaskRow> {
  const query = usersTasks(db, userId).select(TASK_COLUMNS).where('id', '=', id);
  const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound(options.what ?? 'Task');
  return row;
}

/** The output of one of the user's tasks; NOT_FOUND when it is not theirs or in the trash. */
export async function selectTask(db: Database, userId: string, id: string, zone: string): Promise<TaskOutput> {
  const row = await selectTaskRow(db, userId, id);
  const [task] = await toTaskOutputs(db, userId, [row], zone);
  return task as TaskOutput;
}

export interface TaskValues {
  title: string;
  description: string | null;
  projectId: string;
  parentId: string | null;
  position: string;
  dueDate: string | null;
  dueAt: Date | null;
  deadline: string | null;
  priority: Priority;
  recurrence: string | null;
}

export async function insertTaskRow(db: Database, userId: string, values: TaskValues): Promise<TaskRow> {
  const now = new Date();
  return await db
    .insertInto('tasks')
    .values({
      id: newId(),
      user_id: userId,
      project_id: values.projectId,
      parent_id: values.parentId,
      position: values.position,
      title: values.title,
      description: values.description,
      due_date: values.dueDate,
      due_at: values.dueAt,
      deadline: values.deadline,
      priority: values.priority,
      recurrence: values.recurrence,
      completed: false,
      created_at: now,
      updated_at: now,
    })
    .returning(TASK_COLUMNS)
    .executeTakeFirstOrThrow();
}

export type TaskChange = Partial<
  Omit<TaskValues, 'projectId' | 'parentId' | 'position'> & { completed: boolean; completedAt: Date | null }
>;

/** Changes the given fields of one of the user's tasks (undefined keeps a field); `updated_at` moves. */
export async function updateTaskRow(db: Database, userId: string, id: string, change: TaskChange): Promise<TaskRow> {
  const row = await db
    .updateTable('tasks')
    // Kysely leaves out the fields whose value is undefined.
    .set({
      title: change.title,
      description: change.description,
      due_date: change.dueDate,
      due_at: change.dueAt,
      deadline: change.deadline,
      priority: change.priority,
      recurrence: change.recurrence,
      completed: change.completed,
      completed_at: change.completedAt,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .returning(TASK_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Task');
  return row;
}

/** Records a completed occurrence of a recurring task. */
export async function insertCompletion(
  db: Database,
  userId: string,
  taskId: string,
  occurrence: { dueDate: string | null; dueAt: Date | null; completedAt: Date },
): Promise<void> {
  await db
    .insertInto('task_completions')
    .values({
      id: newId(),
      task_id: taskId,
      user_id: userId,
      due_date: occurrence.dueDate,
      due_at: occurrence.dueAt,
      completed_at: occurrence.completedAt,
    })
    .execute();
}

/** The due date of a recurring task's first completed occurrence: where its series (and its COUNT) starts. */
export async function selectSeriesStart(db: Database, userId: string, taskId: string): Promise<string | null> {
  const row = await db
    .selectFrom('task_completions')
    .select((eb) => eb.fn.min('due_date').as('first'))
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.first ? dayOf(row.first as string | Date) : null;
}

/** One of the user's tasks, not in the trash, as the API shows it; null when there is none (`tasks.onChange` reads changed tasks with it). */
export async function findTask(db: Database, userId: string, id: string): Promise<TaskOutput | null> {
  const row = await usersTasks(db, userId).select(TASK_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [task] = await toTaskOutputs(db, userId, [row], await selectTimeZone(db, userId));
  return task ?? null;
}
