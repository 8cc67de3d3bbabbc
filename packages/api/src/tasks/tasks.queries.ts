import type { CursorPosition } from '../pagination/cursor.ts';
import { keysetCondition } from '../pagination/keyset-page.ts';
import type { SqlRunner } from '../sql-runner.ts';
import { TASK_COLUMNS, type TaskFields } from './task-output.ts';

/** A user's tasks, newest first, optionally only open or done ones. */
export async function listTasks(
  db: SqlRunner,
  userId: string,
  completed: boolean | undefined,
  limit: number,
  after: CursorPosition | undefined,
): Promise<TaskFields[]> {
  const status = completed === undefined ? { sql: '', params: [] } : { sql: 'and completed = ?', params: [completed] };
  const keyset = keysetCondition('created_at', 'id', after);
  return await db.execute<TaskFields[]>(
    `select ${TASK_COLUMNS} from tasks
     where user_id = ? ${status.sql} ${keyset.sql}
     order by created_at desc, id desc limit ?`,
    [userId, ...status.params, ...keyset.params, limit],
  );
}

/**
 * Changes the given fields of one of the user's tasks (a field left undefined keeps its value;
 * a null description clears it) in one statement; undefined when the user has no such task.
 */
export async function updateTask(
  db: SqlRunner,
  userId: string,
  id: string,
  changes: { title?: string | undefined; description?: string | null | undefined; completed?: boolean | undefined },
): Promise<TaskFields | undefined> {
  const columns = { title: changes.title, description: changes.description, completed: changes.completed };
  const set = Object.entries(columns).filter(([, value]) => value !== undefined);
  const [row] = await db.execute<TaskFields[]>(
    `update tasks set ${set.map(([column]) => `${column} = ?, `).join('')}updated_at = now()
     where id = ? and user_id = ? returning ${TASK_COLUMNS}`,
    [...set.map(([, value]) => value), id, userId],
  );
  return row;
}
