import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { selectTaskSearchPage } from './task-search.data.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import type { searchTasksInput } from './tasks.schemas.ts';

/** `tasks.search`: full-text search over the caller's task titles and descriptions, most relevant first. */
export async function searchTasks(ctx: UserScope, input: z.output<typeof searchTasksInput>): Promise<Page<TaskOutput>> {
  return await selectTaskSearchPage(ctx.db, ctx.userId, input, await selectTimeZone(ctx.db, ctx.userId));
}
