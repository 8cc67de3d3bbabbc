import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { insertTask, type TaskOutput } from './tasks.data.ts';
import type { createTaskInput } from './tasks.schemas.ts';

/** `tasks.create`: a new open task of the caller's. */
export async function createTask(ctx: UserScope, input: z.output<typeof createTaskInput>): Promise<TaskOutput> {
  return await insertTask(ctx.db, ctx.userId, input);
}
