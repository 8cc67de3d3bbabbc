import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { selectTaskPage, type TaskOutput } from './tasks.data.ts';
import type { listTasksInput } from './tasks.schemas.ts';

/** `tasks.list`: the caller's tasks, newest first, a page at a time; `status` keeps open or done ones. */
export async function listTasks(ctx: UserScope, input: z.output<typeof listTasksInput>): Promise<Page<TaskOutput>> {
  return await selectTaskPage(ctx.db, ctx.userId, input);
}
