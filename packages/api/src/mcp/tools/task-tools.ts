import type { z } from 'zod';
import { TASK_TOOLS } from '../../chat/task-tools.ts';
import type { ChangedTask } from '../../chat/tools/listed-task.ts';
import type { TaskTool } from '../../chat/tools/task-tool.ts';
import { loadTurnFacts } from '../../chat/tools/tool-scope.ts';
import type { ToolTurn } from '../../chat/tools/tool-turn.ts';
import { changes, type McpTool, type McpToolAnswer, type McpToolScope, mcpTool, READ_ONLY } from '../mcp-tool.ts';
import { changeLines, listLines } from './task-lines.ts';

/**
 * The assistant's task tools, served over MCP: the same definitions, run as a turn without a
 * conversation (so there is no undo_last_turn; a change is undone with another call). The changes
 * are the same, and the same live updates reach the user's open apps.
 */
function served<Schema extends TaskTool['schema'], Result>(
  definition: TaskTool<Schema, Result>,
  answer: (result: Result) => McpToolAnswer,
) {
  return async (ctx: McpToolScope, input: z.output<Schema>): Promise<McpToolAnswer> => {
    const turn: ToolTurn = { ctx, conversationId: null, facts: await loadTurnFacts(ctx), record: () => {} };
    return answer(await definition.run(turn, input));
  };
}

/** A bulk change's answer: each task's change, then the ids not found. */
const bulkAnswer = (result: { tasks: ChangedTask[]; missing: string[] }): McpToolAnswer => ({
  structured: result,
  text: changeLines(result.tasks, result.missing),
});

const { list_tasks, add_tasks, update_task, complete_tasks, delete_tasks, reschedule_tasks, move_task } = TASK_TOOLS;

export const mcpTaskTools: McpTool[] = [
  mcpTool({
    name: 'list_tasks',
    title: 'List tasks',
    description: list_tasks.description,
    scope: 'tasks:read',
    annotations: READ_ONLY,
    schema: list_tasks.schema,
    run: served(list_tasks, (result) => ({ structured: result, text: listLines(result) })),
  }),
  mcpTool({
    name: 'add_tasks',
    title: 'Add tasks',
    description: add_tasks.description,
    scope: 'tasks:write',
    annotations: changes({ destructive: false, idempotent: false }),
    schema: add_tasks.schema,
    run: served(add_tasks, (result) => ({ structured: result, text: changeLines(result.tasks) })),
  }),
  mcpTool({
    name: 'update_task',
    title: 'Change a task',
    description: update_task.description,
    scope: 'tasks:write',
    // Fields are replaced (labels, reminders) or cleared; completing a repeating task again moves it on again.
    annotations: changes({ destructive: true, idempotent: false }),
    schema: update_task.schema,
    run: served(update_task, (task) => ({ structured: { task }, text: changeLines([task]) })),
  }),
  mcpTool({
    name: 'complete_tasks',
    title: 'Complete tasks',
    description: complete_tasks.description,
    scope: 'tasks:write',
    // A repeating task moves to its next occurrence on every call.
    annotations: changes({ destructive: false, idempotent: false }),
    schema: complete_tasks.schema,
    run: served(complete_tasks, bulkAnswer),
  }),
  mcpTool({
    name: 'delete_tasks',
    title: 'Delete tasks',
    description: delete_tasks.description.replace('an undo brings them back', 'the trash keeps them for a while'),
    scope: 'tasks:write',
    annotations: changes({ destructive: true, idempotent: true }),
    schema: delete_tasks.schema,
    run: served(delete_tasks, bulkAnswer),
  }),
  mcpTool({
    name: 'reschedule_tasks',
    title: 'Reschedule tasks',
    description: reschedule_tasks.description,
    scope: 'tasks:write',
    annotations: changes({ destructive: true, idempotent: true }),
    schema: reschedule_tasks.schema,
    run: served(reschedule_tasks, bulkAnswer),
  }),
  mcpTool({
    name: 'move_task',
    title: 'Move a task',
    description: move_task.description,
    scope: 'tasks:write',
    annotations: changes({ destructive: false, idempotent: true }),
    schema: move_task.schema,
    run: served(move_task, (task) => ({ structured: { task }, text: changeLines([task]) })),
  }),
];
