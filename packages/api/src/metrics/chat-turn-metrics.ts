import type { ChatErrorCode } from '../chat/chat-events.ts';
import { DomainError } from '../errors.ts';
import { counter } from './registry.ts';

/**
 * How a `chat.send` ended: a turn that ran (`completed`, `failed`: the model failed, `timed_out`:
 * past CHAT_TIMEOUT, `aborted`: cut by a shutdown that could not wait), or one that did not run the
 * model (`replayed`: its clientId's finished turn sent again, `busy`: TURN_IN_PROGRESS, `refused`:
 * over the turn or token quota).
 */
export type ChatTurnOutcome = 'completed' | 'failed' | 'timed_out' | 'aborted' | 'replayed' | 'busy' | 'refused';

const turns = counter({
  name: 'taskchat_chat_turns_total',
  help: 'chat.send calls by how they ended: completed, failed, timed_out, aborted (shutdown), replayed, busy, refused (quota)',
  labelNames: ['outcome'],
});

/** How a turn that ran ended, by the error it stored (null: none) and whether a shutdown cut it. */
function ranOutcome(errorCode: ChatErrorCode | null, shuttingDown: boolean): ChatTurnOutcome {
  if (errorCode === null) return 'completed';
  if (errorCode !== 'MODEL_TIMEOUT') return 'failed';
  return shuttingDown ? 'aborted' : 'timed_out';
}

export const chatTurnMetrics = {
  /** A turn that did not run the model. */
  ended: (outcome: ChatTurnOutcome) => turns.inc({ outcome }),

  /** A turn that ran, by the error it stored; `stopping` is the running turns' shutdown signal. */
  ran: (errorCode: ChatErrorCode | null, stopping: AbortSignal) =>
    turns.inc({ outcome: ranOutcome(errorCode, stopping.aborted) }),

  /** A turn refused before it started: counted when over the quota (other refusals are the procedure's outcome). */
  refused(error: unknown) {
    if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS') turns.inc({ outcome: 'refused' });
  },
};
