import { revertMessageChanges } from '../revert-changes.ts';
import { findLatestUndoableMessage } from '../task-effects.data.ts';
import { taskTool } from './task-tool.ts';
import { undoSchema } from './tool-inputs.ts';
import type { ToolTurn } from './tool-turn.ts';

type Undone = { reverted: { id: string; title: string; change: string }[]; kept?: string[]; nothing?: string };

/** Another undo can take the message found between the look and the lock: then the next one back is tried. */
const ATTEMPTS = 3;

/**
 * Reverts the task changes of the latest earlier turn of this conversation that has changes not
 * yet undone (an undo's own are skipped, so "undo" twice goes further back); the reversals are
 * this turn's changes, marked as undoing that message.
 */
async function undone(turn: ToolTurn): Promise<Undone> {
  const { conversationId } = turn;
  for (let attempt = 0; conversationId !== null && attempt < ATTEMPTS; attempt++) {
    const messageId = await findLatestUndoableMessage(turn.ctx.db, turn.ctx.userId, conversationId);
    if (!messageId) break;
    const outcome = await revertMessageChanges(turn.ctx, messageId);
    if (outcome.kind !== 'reverted') continue;
    for (const reversal of outcome.reversals) turn.record(reversal);
    return {
      reverted: outcome.reversals.map((reversal) => ({
        id: reversal.taskId,
        title: reversal.taskTitle,
        change: reversal.change ?? '',
      })),
      ...(outcome.kept.length > 0 && { kept: outcome.kept }),
      ...(outcome.reversals.length === 0 && { nothing: 'Its changes can no longer be undone' }),
    };
  }
  return { reverted: [], nothing: 'No changes to undo' };
}

export const undoTurnTool = taskTool({
  description:
    'Undo the task changes of the latest earlier turn of this conversation that changed tasks (adds, completions, updates, deletes, moves). Called again, it goes one turn further back. The result says what was reverted.',
  schema: undoSchema,
  run: (turn) => undone(turn),
});
