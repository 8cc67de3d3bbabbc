import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { deleteTaskRow } from './tasks.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/** `tasks.delete`: deletes the task for good; its id and title are what the assistant's audit trail keeps. */
export async function deleteTask(
  ctx: UserScope,
  input: z.output<typeof taskIdInput>,
): Promise<{ id: string; title: string }> {
  return await deleteTaskRow(ctx.db, ctx.userId, input.id);
}
