import { sql } from 'kysely';
import type { Database } from '../database.ts';

/** Subtasks: a task's chain of parents and the tasks under it (bounded by limits.taskDepth). */

/** The task and its parents up to the top, nearest first (ids). */
export async function selectAncestry(db: Database, userId: string, id: string): Promise<string[]> {
  // A recursive CTE: the builder's withRecursive cannot type a self-join on a generic chain.
  const { rows } = await sql<{ id: string }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 1 from tasks where id = ${id} and user_id = ${userId}
      union all
      select t.id, t.parent_id, chain.depth + 1 from tasks t join chain on t.id = chain.parent_id
      where t.user_id = ${userId} and chain.depth < 100
    )
    select id from chain order by depth`.execute(db);
  return rows.map((row) => row.id);
}

/** Every task under this one (not trashed), with how far below it each is (1: a subtask). */
export async function selectDescendants(
  db: Database,
  userId: string,
  id: string,
): Promise<{ id: string; depth: number; completed: boolean; recurrence: string | null }[]> {
  // A recursive CTE: the builder's withRecursive cannot type a self-join on a generic tree.
  const { rows } = await sql<{ id: string; depth: number; completed: boolean; recurrence: string | null }>`
    with recursive tree(id, depth, completed, recurrence) as (
      select id, 1, completed, recurrence from tasks
      where parent_id = ${id} and user_id = ${userId} and deleted_at is null
      union all
      select t.id, tree.depth + 1, t.completed, t.recurrence from tasks t join tree on t.parent_id = tree.id
      where t.user_id = ${userId} and t.deleted_at is null and tree.depth < 100
    )
    select id, depth, completed, recurrence from tree`.execute(db);
  return rows;
}

/** Completes these open tasks of the user's, at `at`. */
export async function completeTasks(db: Database, userId: string, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('tasks')
    .set({ completed: true, completed_at: at, updated_at: at })
    .where('id', 'in', ids)
    .where('user_id', '=', userId)
    .where('completed', '=', false)
    .execute();
}
