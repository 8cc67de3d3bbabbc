import type { Database } from '../database.ts';
import { jsonb } from '../database.ts';
import { type TurnProgress, turnProgressSchema } from './chat-events.ts';

/** A running turn's streamed events (`chat_turn_events`): every statement is scoped by the owner's id. */

export interface NumberedTurnProgress {
  seq: number;
  event: TurnProgress;
}

export async function insertTurnEvents(
  db: Database,
  userId: string,
  turn: { turnId: string; conversationId: string },
  events: NumberedTurnProgress[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('chat_turn_events')
    .values(
      events.map(({ seq, event }) => ({
        turn_id: turn.turnId,
        seq,
        user_id: userId,
        conversation_id: turn.conversationId,
        event: jsonb(event),
        created_at: new Date(),
      })),
    )
    .execute();
}

/** The turn's events numbered after `afterSeq`, at most `limit`, in order. */
export async function listTurnEventsAfter(
  db: Database,
  userId: string,
  turnId: string,
  afterSeq: number,
  limit: number,
): Promise<NumberedTurnProgress[]> {
  const rows = await db
    .selectFrom('chat_turn_events')
    .select(['seq', 'event'])
    .where('turn_id', '=', turnId)
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  // Read back through the schema: what a follower receives has the shape its types promise.
  return rows.map((row) => ({ seq: row.seq, event: turnProgressSchema.parse(row.event) }));
}
