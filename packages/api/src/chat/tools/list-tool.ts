import { tool } from 'ai';
import type { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { selectLabelNamesOf } from '../../labels/labels.data.ts';
import { cursorInput, type DecodedCursor } from '../../pagination/cursor.ts';
import { listTasks } from '../../tasks/list-tasks.ts';
import { searchTasks } from '../../tasks/search-tasks.ts';
import type { TaskOutput } from '../../tasks/tasks.data.ts';
import { type ListedTask, listedTask } from './listed-task.ts';
import { passes, type TaskFilter } from './task-filter.ts';
import { inputs, type listTasksSchema } from './tool-inputs.ts';
import { loadToolScope, projectNamed, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

type ListInput = z.output<typeof listTasksSchema>;

/** A search reads at most this many of its most relevant matches (two pages), then filters them. */
const SEARCH_PAGES = 2;

async function searched(scope: ToolScope, query: string, filter: TaskFilter, limit: number) {
  const matches: TaskOutput[] = [];
  let cursor: DecodedCursor | undefined;
  let more = false;
  for (let page = 0; page < SEARCH_PAGES; page++) {
    const found = await searchTasks(scope.ctx, { query, limit: 50, cursor });
    matches.push(...found.items.filter((task) => passes(task, filter, scope)));
    more = found.nextCursor !== null;
    if (!more || matches.length > limit) break;
    cursor = cursorInput.parse(found.nextCursor);
  }
  return { tasks: matches.slice(0, limit), more: more || matches.length > limit };
}

async function listed(turn: ToolTurn, input: ListInput): Promise<{ tasks: ListedTask[]; more: boolean }> {
  const scope = await loadToolScope(turn.ctx);
  const project = input.project === undefined ? undefined : projectNamed(scope, input.project, { forTasks: false });
  if (input.view === 'inbox' && project && !project.inbox) {
    throw new DomainError('BAD_REQUEST', 'project: the inbox view is the Inbox; leave project out');
  }
  if (input.label !== undefined) {
    const wanted = input.label.replace(/^@/, '').toLowerCase();
    const names = await selectLabelNamesOf(turn.ctx.db, turn.ctx.userId);
    if (!names.some((name) => name.toLowerCase() === wanted))
      throw new DomainError('NOT_FOUND', `No label called “${input.label}”`);
  }
  if (input.dueFrom && input.dueTo && input.dueFrom > input.dueTo) {
    throw new DomainError('BAD_REQUEST', 'dueFrom: must not be after dueTo');
  }
  const filter: TaskFilter = {
    view: input.view,
    projectId: project?.inbox && input.view === 'inbox' ? undefined : project?.id,
    label: input.label?.replace(/^@/, ''),
    priority: input.priority,
    dueFrom: input.dueFrom,
    dueTo: input.dueTo,
  };
  let found: { tasks: TaskOutput[]; more: boolean };
  if (input.search !== undefined) {
    found = await searched(scope, input.search, filter, input.limit);
  } else {
    const ranged = input.dueFrom !== undefined || input.dueTo !== undefined;
    // "open" is the `all` view without the done tasks; with a due range, the open tasks by due.
    const view = input.view === 'open' ? (ranged ? 'dated' : 'all') : input.view;
    const page = await listTasks(turn.ctx, {
      view,
      openOnly: input.view === 'open',
      projectId: filter.projectId,
      label: filter.label,
      priority: input.priority,
      dueFrom: input.dueFrom,
      dueTo: input.dueTo,
      limit: input.limit,
    });
    found = { tasks: page.items, more: page.nextCursor !== null };
  }
  return { tasks: found.tasks.map((task, index) => listedTask(scope, task, index + 1)), more: found.more };
}

export function listTool(turn: ToolTurn) {
  return tool({
    description:
      "List the user's tasks, numbered in the result (say them by number and title). Filter by view, project, label, priority, words, or due days; `more` is true when there are more than `limit`.",
    inputSchema: inputs.listTasks,
    execute: (input) => listed(turn, input),
  });
}
