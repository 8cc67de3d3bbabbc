import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import type { undoChatInput } from './chat.schemas.ts';
import type { TaskEffect } from './chat-events.ts';
import { revertMessageChanges } from './revert-changes.ts';
import { messageExists, publicEffect } from './task-effects.data.ts';

/**
 * `chat.undo`: reverts the task changes of one of the caller's assistant messages, exactly once
 * (revert-changes.ts), and answers the reversals (restore, reopen, update, delete, move). They
 * are not recorded as changes of their own (no message made them), so they cannot be undone in
 * turn; the message's changes show `undoneAt` in `chat.effects`. NOT_FOUND when the message is
 * not the caller's (or in the trash with its conversation) or made no task changes (an undo's
 * own reversals do not count); CONFLICT "Already undone" the second time. `kept` says, in words,
 * which changes were left as they are (changed again since, or their task gone).
 */
export async function undoMessage(
  ctx: TaskScope,
  input: z.output<typeof undoChatInput>,
): Promise<{ reverted: TaskEffect[]; kept: string[] }> {
  if (!(await messageExists(ctx.db, ctx.userId, input.messageId))) throw notFound('Message');
  const outcome = await revertMessageChanges(ctx, input.messageId);
  if (outcome.kind === 'nothing') throw new DomainError('NOT_FOUND', 'That message changed no tasks');
  if (outcome.kind === 'already-undone') throw new DomainError('CONFLICT', 'Already undone');
  return { reverted: outcome.reversals.map(publicEffect), kept: outcome.kept };
}
