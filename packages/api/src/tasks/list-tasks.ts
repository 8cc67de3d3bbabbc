import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { todayIn } from './local-time.ts';
import { assertProjectExists, selectTaskViewPage } from './task-page.data.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import type { listTasksInput } from './tasks.schemas.ts';

/**
 * `tasks.list`: one view of the caller's tasks, a page at a time (task-page.data.ts has each
 * view's order). No view with a `projectId`: that project's open tasks in manual order; neither:
 * `all`. A `projectId` not the caller's is NOT_FOUND. `openOnly` (server code: the assistant)
 * keeps `all` to open tasks.
 */
export async function listTasks(
  ctx: UserScope,
  input: z.output<typeof listTasksInput> & { openOnly?: boolean },
): Promise<Page<TaskOutput>> {
  const now = new Date();
  if (input.projectId !== undefined) await assertProjectExists(ctx.db, ctx.userId, input.projectId);
  const view = input.view ?? (input.projectId === undefined ? 'all' : 'project');
  const needsToday = view === 'today' || view === 'upcoming' || view === 'overdue';
  const today = needsToday ? todayIn(await selectTimeZone(ctx.db, ctx.userId), now) : '';
  return await selectTaskViewPage(ctx.db, ctx.userId, { ...input, view, today, now });
}
