import { msAgo } from '../clock.data.ts';
import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { TASK_COLUMNS, type TaskOutput, type TaskRow, toTaskOutputs } from './tasks.data.ts';

/**
 * The tasks' trash: `tasks.delete` moves a task here with its subtasks, all with one stamp
 * (`deleted_at`, the transaction's now()), so `tasks.restore` brings back exactly the subtasks
 * that went with it (one trashed earlier on its own keeps its own stamp and stays). Only these
 * functions see trashed tasks; they are restored, purged by hand, or purged for good once older
 * than the retention period.
 */

export type TrashedTaskOutput = TaskOutput & { deletedAt: Date };

/**
 * Moves one of the user's tasks and every subtask under it (those not in the trash already) to
 * the trash; returns its id and title. NOT_FOUND when missing, another's or in the trash already.
 */
export async function trashTaskTree(db: Database, userId: string, id: string): Promise<{ id: string; title: string }> {
  const rows = await db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('tasks')
        .select('id')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('deleted_at', 'is', null)
        .unionAll((union) =>
          union
            .selectFrom('tasks as child')
            .innerJoin('tree', 'tree.id', 'child.parent_id')
            .select('child.id')
            .where('child.user_id', '=', userId)
            .where('child.deleted_at', 'is', null),
        ),
    )
    .updateTable('tasks')
    .set((eb) => ({ deleted_at: eb.fn<Date>('now') }))
    .where('user_id', '=', userId)
    .where('id', 'in', (eb) => eb.selectFrom('tree').select('tree.id'))
    .returning(['id', 'title'])
    .execute();
  const task = rows.find((row) => row.id === id);
  if (!task) throw notFound('Task');
  return task;
}

/**
 * Locks one of the user's trashed tasks for its restore; with whether its parent is in the trash
 * too. Undefined when the user has no such task in the trash.
 */
export async function findTrashedTask(
  db: Database,
  userId: string,
  id: string,
): Promise<{ id: string; deletedAt: string; parentTrashed: boolean } | undefined> {
  const row = await db
    .selectFrom('tasks')
    .leftJoin('tasks as parent', (join) =>
      join.onRef('parent.id', '=', 'tasks.parent_id').on('parent.user_id', '=', userId),
    )
    .select(['tasks.id', 'tasks.deleted_at', 'parent.deleted_at as parent_deleted_at'])
    .where('tasks.id', '=', id)
    .where('tasks.user_id', '=', userId)
    .where('tasks.deleted_at', 'is not', null)
    .forUpdate('tasks')
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      deletedAt: row.deleted_at as string,
      parentTrashed: row.parent_deleted_at !== null && row.parent_deleted_at !== undefined,
    }
  );
}

/** Makes one of the user's tasks a top-level one (a subtask restored while its parent stays in the trash). */
export async function detachFromParent(db: Database, userId: string, id: string): Promise<void> {
  await db.updateTable('tasks').set({ parent_id: null }).where('id', '=', id).where('user_id', '=', userId).execute();
}

/**
 * Brings a trashed task back with the subtasks under it that were trashed with it (the same
 * stamp), where they were: same project, parent and position. Returns the task.
 */
export async function restoreTaskTree(
  db: Database,
  userId: string,
  trashed: { id: string; deletedAt: string },
  zone: string,
): Promise<TaskOutput> {
  const rows = await db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('tasks')
        .select('id')
        .where('id', '=', trashed.id)
        .where('user_id', '=', userId)
        .unionAll((union) =>
          union
            .selectFrom('tasks as child')
            .innerJoin('tree', 'tree.id', 'child.parent_id')
            .select('child.id')
            .where('child.user_id', '=', userId)
            .where('child.deleted_at', '=', trashed.deletedAt),
        ),
    )
    .updateTable('tasks')
    .set({ deleted_at: null })
    .where('user_id', '=', userId)
    .where('id', 'in', (eb) => eb.selectFrom('tree').select('tree.id'))
    .returning(TASK_COLUMNS)
    .execute();
  const task = rows.find((row) => row.id === trashed.id);
  if (!task) throw notFound('Task');
  const [output] = await toTaskOutputs(db, userId, [task], zone);
  return output as TaskOutput;
}

/** What is in the user's trash (subtasks are rows like any other), most recently deleted first. */
export async function selectTaskTrashPage(
  db: Database,
  userId: string,
  request: PageRequest,
  zone: string,
): Promise<Page<TrashedTaskOutput>> {
  const query = db
    .selectFrom('tasks')
    .select([...TASK_COLUMNS, 'deleted_at'])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null);
  const page = await keysetPage(
    query,
    {
      scope: 'tasks:trash',
      sortColumns: ['deleted_at'],
      sortKinds: ['date'],
      toItem: (row): { id: string; row: TaskRow; deletedAt: Date } => ({
        id: row.id,
        row,
        deletedAt: new Date(row.deleted_at as string),
      }),
      sortKeys: (item) => [item.deletedAt],
    },
    request,
  );
  const tasks = await toTaskOutputs(
    db,
    userId,
    page.items.map((item) => item.row),
    zone,
  );
  return {
    items: tasks.map((task, i) => ({ ...task, deletedAt: (page.items[i] as { deletedAt: Date }).deletedAt })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Deletes a task in the trash for good, with the subtasks under it (ON DELETE CASCADE; they are
 * in the trash with it). NOT_FOUND unless it is one of the user's, in the trash.
 */
export async function deleteTrashedTask(db: Database, userId: string, id: string): Promise<{ id: string }> {
  const row = await db
    .deleteFrom('tasks')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Task');
  return row;
}

/**
 * Purges, for every user, the tasks in the trash longer than `retentionMs`, `batchSize` per
 * transaction, until none is left; returns how many went (their subtasks, trashed with them, go
 * by the cascade and are not counted). Safe on several processes at once: each batch skips rows
 * another one has locked.
 */
export async function purgeExpiredTaskTrash(db: Database, retentionMs: number, batchSize = 500): Promise<number> {
  let purged = 0;
  for (;;) {
    const expired = db
      .selectFrom('tasks')
      .select('id')
      .where((eb) => eb('deleted_at', '<', msAgo(eb, retentionMs)))
      .limit(batchSize)
      .forUpdate()
      .skipLocked();
    const { numDeletedRows } = await db.deleteFrom('tasks').where('id', 'in', expired).executeTakeFirst();
    purged += Number(numDeletedRows);
    if (numDeletedRows < BigInt(batchSize)) return purged;
  }
}
