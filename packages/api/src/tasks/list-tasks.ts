import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { todayIn } from './local-time.ts';
import { assertProjectExists, selectTaskViewPage } from './task-page.data.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import type { listTasksInput, TaskView } from './tasks.schemas.ts';

/**
 * What server code (the assistant's list_tasks) may ask for besides `tasks.list`'s input: open
 * tasks only in `all`, a range of due days, and `dated`: every open task with a due date, by due.
 */
interface ServerListOptions {
  view?: TaskView | 'dated' | undefined;
  openOnly?: boolean | undefined;
  /** YYYY-MM-DD, inclusive, the user's days. */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
}

/**
 * `tasks.list`: one view of the caller's tasks, a page at a time (task-page.data.ts has each
 * view's order). No view with a `projectId`: that project's open tasks in manual order; neither:
 * `all`. A `projectId` not the caller's is NOT_FOUND. Server code (the assistant) may also pass
 * `ServerListOptions`.
 */
export async function listTasks(
  ctx: UserScope,
  input: Omit<z.output<typeof listTasksInput>, 'view'> & ServerListOptions,
): Promise<Page<TaskOutput>> {
  const now = new Date();
  if (input.projectId !== undefined) await assertProjectExists(ctx.db, ctx.userId, input.projectId);
  const view = input.view ?? (input.projectId === undefined ? 'all' : 'project');
  const needsToday = view === 'today' || view === 'upcoming' || view === 'overdue';
  const today = needsToday ? todayIn(await selectTimeZone(ctx.db, ctx.userId), now) : '';
  return await selectTaskViewPage(ctx.db, ctx.userId, { ...input, view, today, now });
}
