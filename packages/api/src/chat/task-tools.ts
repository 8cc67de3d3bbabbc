import type { TaskScope } from '../context.ts';
import type { RecordedEffect } from './task-effects.data.ts';
import { addTool } from './tools/add-tool.ts';
import { completeTool, deleteTool, rescheduleTool } from './tools/bulk-tools.ts';
import { listTool } from './tools/list-tool.ts';
import { moveTool } from './tools/move-tool.ts';
import type { TurnFacts } from './tools/tool-scope.ts';
import { undoTool } from './tools/undo-tool.ts';
import { updateTool } from './tools/update-tool.ts';

/**
 * The assistant's tools (`tools/`): the tasks domain functions, bound to the caller by
 * construction. No tool takes a user id, so nothing a model writes can reach another user's tasks:
 * their ids are as unknown here as missing ones. Every change is recorded in `effects` (stored
 * with the assistant's message, what an undo reverts). Bad input of any kind is a tool error the
 * model reads: the SDK's for input the schema refuses, a domain error's message for the rest.
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
    list_tasks: listTool(scope),
    add_tasks: addTool(scope),
    update_task: updateTool(scope),
    complete_tasks: completeTool(scope),
    delete_tasks: deleteTool(scope),
    reschedule_tasks: rescheduleTool(scope),
    move_task: moveTool(scope),
    undo_last_turn: undoTool(scope),
  };
}
