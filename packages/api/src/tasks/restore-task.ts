import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { notFound } from '../errors.ts';
import { detachFromParent, findTrashedTask, restoreTaskTree } from './task-trash.data.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/**
 * `tasks.restore`: brings a task back from the trash with the subtasks that were trashed with it,
 * into its project (the Inbox when its project was deleted), at its place. A subtask whose parent
 * is still in the trash comes back as a top-level task of that project (the parent stays in the
 * trash). NOT_FOUND unless it is one of the caller's, in the trash.
 */
export async function restoreTask(ctx: UserScope, input: z.output<typeof taskIdInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const trashed = await findTrashedTask(tx, ctx.userId, input.id);
    if (!trashed) throw notFound('Task');
    if (trashed.parentTrashed) await detachFromParent(tx, ctx.userId, trashed.id);
    return await restoreTaskTree(tx, ctx.userId, trashed, await selectTimeZone(tx, ctx.userId));
  });
}
