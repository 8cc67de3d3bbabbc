import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { selectTask, selectTimeZone, type TaskOutput, updateTaskRow } from './tasks.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/** `tasks.reopen`: marks a done task open again (completed false, completedAt null); NOT_FOUND when not the caller's. */
export async function reopenTask(ctx: UserScope, input: z.output<typeof taskIdInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const zone = await selectTimeZone(tx, ctx.userId);
    await updateTaskRow(tx, ctx.userId, input.id, { completed: false, completedAt: null });
    return await selectTask(tx, ctx.userId, input.id, zone);
  });
}
