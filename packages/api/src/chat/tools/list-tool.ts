import type { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { selectLabelNamesOf } from '../../labels/labels.data.ts';
import { cursorInput, type DecodedCursor } from '../../pagination/cursor.ts';
import { listTasks } from '../../tasks/list-tasks.ts';
import { searchTasks } from '../../tasks/search-tasks.ts';
import type { TaskOutput } from '../../tasks/tasks.data.ts';
import { type ListedTask, listedTask } from './listed-task.ts';
import { passes, type TaskFilter } from './task-filter.ts';
import { taskTool } from './task-tool.ts';
import { listTasksSchema } from './tool-inputs.ts';
import { projectNamed, scopeOf, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

type ListInput = z.output<typeof listTasksSchema>;

/** A search reads at most this many of its most relevant matches (two pages), then filters them. */
const SEARCH_PAGES = 2;

async function searched(scope: ToolScope, query: string, filter: TaskFilter, limit: number) {
  const matches: TaskOutput[] = [];
  let cursor: DecodedCursor | undefined;
  let more = false;
  for (let read = 0; read < SEARCH_PAGES; read++) {
    const found = await searchTasks(scope.ctx, { query, limit: 50, cursor });
    matches.push(...found.items.filter((task) => passes(task, filter, scope)));
    more = found.nextCursor !== null;
    if (!more || matches.length > limit) break;
    cursor = cursorInput.parse(found.nextCursor);
  }
  return { tasks: matches.slice(0, limit), more: more || matches.length > limit };
}

/** The page of `tasks.list` the input asks for: "open" is the `all` view without the done tasks; with a due range, the open tasks by due. */
function page(turn: ToolTurn, input: ListInput, projectId: string | undefined) {
  const ranged = input.dueFrom !== undefined || input.dueTo !== undefined;
  return listTasks(turn.ctx, {
    view: input.view === 'open' ? (ranged ? 'dated' : 'all') : input.view,
    openOnly: input.view === 'open',
    projectId,
    label: input.label?.replace(/^@/, ''),
    priority: input.priority,
    dueFrom: input.dueFrom,
    dueTo: input.dueTo,
    limit: input.limit,
  });
}

async function listed(turn: ToolTurn, input: ListInput): Promise<{ tasks: ListedTask[]; more: boolean }> {
  if (input.dueFrom && input.dueTo && input.dueFrom > input.dueTo) {
    throw new DomainError('BAD_REQUEST', 'dueFrom: must not be after dueTo');
  }
  const scope = scopeOf(turn.ctx, turn.facts);
  const plain = input.project === undefined && input.label === undefined && input.search === undefined;
  const found = plain ? await plainPage(turn, input) : await filtered(turn, scope, input);
  return { tasks: found.tasks.map((task, index) => listedTask(scope, task, index + 1)), more: found.more };
}

/** A list with none of the filters by name: one page of the view. */
async function plainPage(turn: ToolTurn, input: ListInput): Promise<{ tasks: TaskOutput[]; more: boolean }> {
  const result = await page(turn, input, undefined);
  return { tasks: result.items, more: result.nextCursor !== null };
}

/** A list by project or label name (unknown ones are tool errors), or a search narrowed by the rest. */
async function filtered(
  turn: ToolTurn,
  scope: ToolScope,
  input: ListInput,
): Promise<{ tasks: TaskOutput[]; more: boolean }> {
  const project = input.project === undefined ? undefined : projectNamed(scope, input.project, { forTasks: false });
  if (input.view === 'inbox' && project && !project.inbox) {
    throw new DomainError('BAD_REQUEST', 'project: the inbox view is the Inbox; leave project out');
  }
  const label = input.label?.replace(/^@/, '');
  if (label !== undefined) {
    const names = await selectLabelNamesOf(turn.ctx.db, turn.ctx.userId);
    if (!names.some((name) => name.toLowerCase() === label.toLowerCase())) {
      throw new DomainError('NOT_FOUND', `No label called “${input.label}”`);
    }
  }
  // The inbox view is the Inbox already.
  const projectId = project?.inbox && input.view === 'inbox' ? undefined : project?.id;
  if (input.search === undefined) {
    const listed = await page(turn, input, projectId);
    return { tasks: listed.items, more: listed.nextCursor !== null };
  }
  const filter: TaskFilter = { ...input, projectId, label };
  return await searched(scope, input.search, filter, input.limit);
}

export const listTasksTool = taskTool({
  description:
    "List the user's tasks, numbered in the result (say them by number and title). Filter by view, project, label, priority, words, or due days; `more` is true when there are more than `limit`.",
  schema: listTasksSchema,
  run: listed,
});
