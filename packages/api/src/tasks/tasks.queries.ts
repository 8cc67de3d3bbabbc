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
