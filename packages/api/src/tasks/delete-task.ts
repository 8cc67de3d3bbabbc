import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { trashTaskTree } from './task-trash.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/**
 * `tasks.delete`: moves the task and its subtasks to the trash (`restore` brings them back,
 * `purge` ends them); its id and title are what the assistant's audit trail keeps.
 */
export async function deleteTask(
  ctx: UserScope,
  input: z.output<typeof taskIdInput>,
): Promise<{ id: string; title: string }> {
  return await trashTaskTree(ctx.db, ctx.userId, input.id);
}
