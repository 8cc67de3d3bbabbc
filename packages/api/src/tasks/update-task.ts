import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type TaskOutput, updateTaskFields } from './tasks.data.ts';
import type { updateTaskInput } from './tasks.schemas.ts';

/** `tasks.update`: changes the given fields (a null description clears it); NOT_FOUND when not the caller's. */
export async function updateTask(ctx: UserScope, input: z.output<typeof updateTaskInput>): Promise<TaskOutput> {
  return await updateTaskFields(ctx.db, ctx.userId, input);
}
