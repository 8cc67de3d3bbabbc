import { z } from 'zod';
import { DomainError } from '../errors.ts';

/**
 * Where a subscriber is in a conversation's stream: the last message it received (by number) and,
 * while a turn runs, the last of that turn's events (`end` once the turn ended). Every event's id
 * encodes the position after it, so resuming from the id of the last event received (`lastEventId`)
 * sends exactly what followed it: no gap, no duplicate.
 */
export interface StreamPosition {
  messageSeq: number;
  messageId: string | null;
  turn: { id: string; seq: number | 'end' } | null;
}

/**
 * `<message id>`, then `/<turn id>/<turn event number or "end">` while a turn is followed;
 * `start` instead of the message id before the conversation's first message.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EVENT_ID = new RegExp(`^(${UUID}|start)(?:/(${UUID})/([1-9][0-9]{0,8}|end))?$`);
const BEFORE_FIRST_MESSAGE = 'start';

/** Validates a `lastEventId` at the boundary (BAD_REQUEST when it is not one of ours). */
export const lastEventIdInput = z.string().regex(EVENT_ID, 'Not an event id of this stream');

export function eventIdOf(position: StreamPosition): string {
  const turn = position.turn ? `/${position.turn.id}/${position.turn.seq}` : '';
  return `${position.messageId ?? BEFORE_FIRST_MESSAGE}${turn}`;
}

/** The message id and turn position an event id names (its message's number is looked up by the caller). */
export function parseEventId(id: string): { messageId: string | null; turn: StreamPosition['turn'] } {
  const match = EVENT_ID.exec(id);
  if (!match) throw new DomainError('BAD_REQUEST', 'Not an event id of this stream');
  const [, messageId, turnId, turnSeq] = match;
  return {
    messageId: messageId === BEFORE_FIRST_MESSAGE || messageId === undefined ? null : messageId,
    turn: turnId && turnSeq ? { id: turnId, seq: turnSeq === 'end' ? 'end' : Number(turnSeq) } : null,
  };
}
