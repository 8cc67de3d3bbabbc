import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type TaskOutput, updateTaskFields } from './tasks.data.ts';
import type { taskIdInput } from './tasks.schemas.ts';

/** `tasks.complete`: marks the task done (the assistant's "I did it"); NOT_FOUND when not the caller's. */
export async function completeTask(ctx: UserScope, input: z.output<typeof taskIdInput>): Promise<TaskOutput> {
  return await updateTaskFields(ctx.db, ctx.userId, { id: input.id, completed: true });
}
