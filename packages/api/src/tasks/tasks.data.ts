import { newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';

/** Tasks: every statement is scoped by the owner's id, so another user's task is a missing one. */

export interface TaskOutput {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const TASK_COLUMNS = ['id', 'title', 'description', 'completed', 'created_at', 'updated_at'] as const;
type TaskRow = Pick<Selectable<Tables['tasks']>, (typeof TASK_COLUMNS)[number]>;

function toTaskOutput(row: TaskRow): TaskOutput {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export type TaskStatus = 'all' | 'open' | 'done';

/** Newest first; `status` keeps only open or done tasks (a cursor belongs to one status). */
export async function selectTaskPage(
  db: Database,
  userId: string,
  request: PageRequest & { status: TaskStatus },
): Promise<Page<TaskOutput>> {
  const { status } = request;
  const query = db
    .selectFrom('tasks')
    .select(TASK_COLUMNS)
    .where('user_id', '=', userId)
    .$if(status !== 'all', (q) => q.where('completed', '=', status === 'done'));
  return await keysetPage(
    query,
    {
      scope: `tasks:${status}`,
      sortColumns: ['created_at'],
      sortKinds: ['date'],
      toItem: toTaskOutput,
      sortKeys: (task) => [task.createdAt],
    },
    request,
  );
}

export async function insertTask(
  db: Database,
  userId: string,
  input: { title: string; description?: string | null | undefined },
): Promise<TaskOutput> {
  const now = new Date();
  const row = await db
    .insertInto('tasks')
    .values({
      id: newId(),
      user_id: userId,
      project_id: db.selectFrom('projects').select('id').where('user_id', '=', userId).where('inbox', '=', true),
      title: input.title,
      description: input.description ?? null,
      completed: false,
      created_at: now,
      updated_at: now,
    })
    .returning(TASK_COLUMNS)
    .executeTakeFirstOrThrow();
  return toTaskOutput(row);
}

/**
 * Changes the given fields in one statement: a field left undefined keeps its value, a null
 * description clears it, and `updatedAt` moves. NOT_FOUND when the user has no such task.
 */
export async function updateTaskFields(
  db: Database,
  userId: string,
  input: {
    id: string;
    title?: string | undefined;
    description?: string | null | undefined;
    completed?: boolean | undefined;
  },
): Promise<TaskOutput> {
  const row = await db
    .updateTable('tasks')
    // Kysely leaves out the fields whose value is undefined.
    .set({
      title: input.title,
      description: input.description,
      completed: input.completed,
      completed_at: input.completed === undefined ? undefined : input.completed ? new Date() : null,
      updated_at: new Date(),
    })
    .where('id', '=', input.id)
    .where('user_id', '=', userId)
    .returning(TASK_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Task');
  return toTaskOutput(row);
}

/** Deletes the task; returns its id and title (what the assistant's audit trail keeps). */
export async function deleteTaskRow(db: Database, userId: string, id: string): Promise<{ id: string; title: string }> {
  const row = await db
    .deleteFrom('tasks')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(['id', 'title'])
    .executeTakeFirst();
  if (!row) throw notFound('Task');
  return row;
}

/** One of the user's tasks, not in the trash, as the API shows it; null when there is none (`tasks.onChange` reads changed tasks with it). */
export async function findTask(db: Database, userId: string, id: string): Promise<TaskOutput | null> {
  const row = await db
    .selectFrom('tasks')
    .select(TASK_COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toTaskOutput(row) : null;
}
