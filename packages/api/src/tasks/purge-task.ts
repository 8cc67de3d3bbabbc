import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { deleteTrashedTask } from './task-trash.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/** `tasks.purge`: deletes a trashed task for good, with the subtasks under it. */
export async function purgeTask(ctx: UserScope, input: z.output<typeof taskIdInput>): Promise<{ id: string }> {
  return await deleteTrashedTask(ctx.db, ctx.userId, input.id);
}
