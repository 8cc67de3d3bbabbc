import type { Priority } from '@taskchat/db';
import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';
import type { SortKey, SortKind } from '../pagination/cursor.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { TASK_COLUMNS, type TaskOutput, type TaskRow, toTaskOutputs, usersTasks } from './tasks.data.ts';
import type { TaskView } from './tasks.schemas.ts';

/**
 * The views of `tasks.list`, each a keyset page read from one index in its order (no sort):
 * - a project (and `inbox`): its open tasks by (position, id), tasks_user_project_order_idx;
 * - `today`, `upcoming`, `overdue` (and `dated`, every open task with a due date: server code): open
 *   tasks with a due date by (due_date, due_at nulls first, id), tasks_user_due_idx (date-only
 *   tasks of a day before its timed ones);
 * - `all`: every task not in the trash, newest first, tasks_user_recent_idx;
 * - `done`: completed tasks, latest completed first, tasks_user_done_idx.
 * Archived projects' tasks are only in their own project's view.
 */
export interface TaskPageRequest extends PageRequest {
  /** `dated` (server code): every open task with a due date, by due, as today/upcoming read them. */
  view: TaskView | 'project' | 'dated';
  projectId?: string | undefined;
  label?: string | undefined;
  priority?: Priority | undefined;
  /** `all` only: leave completed tasks out (the assistant's "open tasks", newest first). */
  openOnly?: boolean | undefined;
  /** Only tasks due on these days or between them (YYYY-MM-DD, inclusive; server code). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** The user's date today and the instant now (today, upcoming, overdue). */
  today: string;
  now: Date;
}

type PageRow = TaskRow & { time_zone: string | null };

interface Ordering {
  sortColumns: ('position' | 'due_date' | 'due_at' | 'created_at' | 'completed_at')[];
  sortKinds: SortKind[];
  direction: 'asc' | 'desc';
  sortKeys: (row: PageRow) => SortKey[];
}

const dayKey = (value: unknown) =>
  typeof value === 'string' ? value.slice(0, 10) : (value as Date).toISOString().slice(0, 10);
const timeKey = (value: string | null) => (value === null ? null : new Date(value));

const BY_POSITION: Ordering = {
  sortColumns: ['position'],
  sortKinds: ['text'],
  direction: 'asc',
  sortKeys: (row) => [row.position],
};
const BY_DUE: Ordering = {
  sortColumns: ['due_date', 'due_at'],
  sortKinds: ['day', 'nullableDate'],
  direction: 'asc',
  sortKeys: (row) => [dayKey(row.due_date), timeKey(row.due_at)],
};
const NEWEST: Ordering = {
  sortColumns: ['created_at'],
  sortKinds: ['date'],
  direction: 'desc',
  sortKeys: (row) => [new Date(row.created_at)],
};
const LATEST_DONE: Ordering = {
  sortColumns: ['completed_at'],
  sortKinds: ['date'],
  direction: 'desc',
  sortKeys: (row) => [new Date(row.completed_at as string)],
};

/** NOT_FOUND unless the project is one of the user's. */
export async function assertProjectExists(db: Database, userId: string, projectId: string): Promise<void> {
  const row = await db
    .selectFrom('projects')
    .select('id')
    .where('id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('Project');
}

export async function selectTaskViewPage(
  db: Database,
  userId: string,
  request: TaskPageRequest,
): Promise<Page<TaskOutput>> {
  const { view } = request;
  const archived = db
    .selectFrom('projects')
    .select('id')
    .where('user_id', '=', userId)
    .where('archived_at', 'is not', null);
  let query = usersTasks(db, userId)
    .select(TASK_COLUMNS)
    // The zone of the page's timed dues, read in the same statement.
    .select((eb) => eb.selectFrom('users').select('time_zone').where('id', '=', userId).as('time_zone'));
  let ordering: Ordering;
  if (view === 'project' || view === 'inbox') {
    ordering = BY_POSITION;
    query = query
      .where('completed', '=', false)
      .where(
        'project_id',
        '=',
        view === 'inbox' || request.projectId === undefined
          ? db.selectFrom('projects').select('id').where('user_id', '=', userId).where('inbox', '=', true)
          : request.projectId,
      );
  } else if (view === 'today' || view === 'upcoming' || view === 'overdue' || view === 'dated') {
    ordering = BY_DUE;
    query = query.where('completed', '=', false).where('due_date', 'is not', null);
    if (view === 'today') query = query.where('due_date', '<=', request.today);
    if (view === 'upcoming') query = query.where('due_date', '>', request.today);
    if (view === 'overdue') {
      query = query
        .where('due_date', '<=', request.today)
        // Before today, or timed and past: said as a NOT so the planner reads the one index in order.
        .where((eb) =>
          eb.not(
            eb.and([
              eb('due_date', '=', request.today),
              eb.or([eb('due_at', 'is', null), eb('due_at', '>=', request.now.toISOString())]),
            ]),
          ),
        );
    }
    if (request.projectId !== undefined) query = query.where('project_id', '=', request.projectId);
    else query = query.where('project_id', 'not in', archived);
  } else if (view === 'done') {
    ordering = LATEST_DONE;
    query = query.where('completed', '=', true);
    if (request.projectId !== undefined) query = query.where('project_id', '=', request.projectId);
    else query = query.where('project_id', 'not in', archived);
  } else {
    ordering = NEWEST;
    if (request.openOnly) query = query.where('completed', '=', false);
    if (request.projectId !== undefined) query = query.where('project_id', '=', request.projectId);
    else query = query.where('project_id', 'not in', archived);
  }
  if (request.priority !== undefined) query = query.where('priority', '=', request.priority);
  if (request.dueFrom !== undefined) query = query.where('due_date', '>=', request.dueFrom);
  if (request.dueTo !== undefined) query = query.where('due_date', '<=', request.dueTo);
  if (request.label !== undefined) {
    const label = request.label.toLowerCase();
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('task_labels')
        .innerJoin('labels', 'labels.id', 'task_labels.label_id')
        .select('task_labels.task_id')
        .where('task_labels.user_id', '=', userId)
        .where('labels.user_id', '=', userId)
        .where((inner) => inner(inner.fn('lower', ['labels.name']), '=', label)),
    );
  }
  const scope = [
    'tasks',
    view,
    request.projectId ?? '',
    request.label?.toLowerCase() ?? '',
    request.priority ?? '',
    request.openOnly ? 'open' : '',
    // Only with a due range, so the cursors of the other pages keep the scope they had.
    ...(request.dueFrom === undefined && request.dueTo === undefined
      ? []
      : [request.dueFrom ?? '', request.dueTo ?? '']),
  ].join(':');
  const page = await keysetPage(
    query,
    {
      scope,
      sortColumns: ordering.sortColumns,
      sortKinds: ordering.sortKinds,
      direction: ordering.direction,
      toItem: (row) => row as PageRow,
      sortKeys: ordering.sortKeys,
    },
    request,
  );
  const zone = page.items[0]?.time_zone ?? 'UTC';
  return { items: await toTaskOutputs(db, userId, page.items, zone), nextCursor: page.nextCursor };
}
