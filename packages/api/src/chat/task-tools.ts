import type { TaskScope } from '../context.ts';
import type { RecordedEffect } from './task-effects.data.ts';
import { addTasksTool } from './tools/add-tool.ts';
import { completeTasksTool, deleteTasksTool, rescheduleTasksTool } from './tools/bulk-tools.ts';
import { listTasksTool } from './tools/list-tool.ts';
import { moveTaskTool } from './tools/move-tool.ts';
import { modelTool } from './tools/task-tool.ts';
import type { TurnFacts } from './tools/tool-scope.ts';
import { undoTurnTool } from './tools/undo-tool.ts';
import { updateTaskTool } from './tools/update-tool.ts';

/**
 * The task tools by the names models and MCP clients call them (`tools/`): the tasks domain
 * functions, bound to the caller by construction. No tool takes a user id, so nothing a caller
 * writes can reach another user's tasks: their ids are as unknown here as missing ones.
 */
export const TASK_TOOLS = {
  list_tasks: listTasksTool,
  add_tasks: addTasksTool,
  update_task: updateTaskTool,
  complete_tasks: completeTasksTool,
  delete_tasks: deleteTasksTool,
  reschedule_tasks: rescheduleTasksTool,
  move_task: moveTaskTool,
  undo_last_turn: undoTurnTool,
};

export type TaskToolName = keyof typeof TASK_TOOLS;

/**
 * The assistant's tools for one chat turn. Every change is recorded in `effects` (stored with the
 * assistant's message, what an undo reverts). Bad input of any kind is a tool error the model
 * reads: the SDK's for input the schema refuses, a domain error's message for the rest.
 */
export function taskTools(
  ctx: TaskScope,
  turn: { conversationId: string; facts: TurnFacts; effects: RecordedEffect[] },
) {
  const scope = {
    ctx,
    conversationId: turn.conversationId,
    facts: turn.facts,
    record: (effect: RecordedEffect) => turn.effects.push(effect),
  };
  return {
    list_tasks: modelTool(scope, TASK_TOOLS.list_tasks),
    add_tasks: modelTool(scope, TASK_TOOLS.add_tasks),
    update_task: modelTool(scope, TASK_TOOLS.update_task),
    complete_tasks: modelTool(scope, TASK_TOOLS.complete_tasks),
    delete_tasks: modelTool(scope, TASK_TOOLS.delete_tasks),
    reschedule_tasks: modelTool(scope, TASK_TOOLS.reschedule_tasks),
    move_task: modelTool(scope, TASK_TOOLS.move_task),
    undo_last_turn: modelTool(scope, TASK_TOOLS.undo_last_turn),
  };
}
