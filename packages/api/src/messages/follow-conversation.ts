import { type TrackedEnvelope, tracked } from '@trpc/server';
import { findRunningTurn, findTurnOutcome, findTurnsOfMessages, type TurnEnding } from '../chat/chat-turns.data.ts';
import { listTurnEventsAfter } from '../chat/turn-events.data.ts';
import { assertConversationExists, findConversation } from '../conversations/conversations.data.ts';
import type { Database } from '../database.ts';
import { DomainError } from '../errors.ts';
import type { FeedEvent } from '../live/change-feed.ts';
import { Doorbell } from '../live/doorbell.ts';
import { clientLeft, type LiveContext, OUTAGE_RETRY_MS } from '../live/live-context.ts';
import { isDatabaseOutage } from '../outage.ts';
import { findLatestMessage, findMessageSeq, listMessagesAfter } from './messages.data.ts';
import type { ConversationStreamEvent } from './stream-events.ts';
import { eventIdOf, parseEventId, type StreamPosition } from './stream-position.ts';

/** Rows read per query: what a subscriber far behind holds in memory at most. */
const PAGE = 50;
/** While a turn is followed, how often to look whether it still runs. */
const TURN_RECHECK_MS = 15_000;

type Tracked = TrackedEnvelope<ConversationStreamEvent>;

/** Where to start: after `lastEventId`, or at the conversation's newest message (following a running turn from its start). */
async function startingPosition(
  db: Database,
  userId: string,
  conversationId: string,
  lastEventId: string | undefined,
): Promise<StreamPosition> {
  if (lastEventId === undefined) {
    const latest = await findLatestMessage(db, userId, conversationId);
    return { messageSeq: latest?.seq ?? 0, messageId: latest?.id ?? null, turn: null };
  }
  const { messageId, turn } = parseEventId(lastEventId);
  const messageSeq = messageId === null ? 0 : await findMessageSeq(db, userId, conversationId, messageId);
  const turnIsHere = turn === null || (await findTurnOutcome(db, userId, conversationId, turn.id)) !== undefined;
  if (messageSeq === undefined || !turnIsHere) {
    throw new DomainError('BAD_REQUEST', 'lastEventId is not an event of this conversation');
  }
  return { messageSeq, messageId, turn };
}

/** Says the followed turn ended (a turn gone with its conversation ends without an outcome). */
async function* endTurn(
  position: StreamPosition,
  turnId: string,
  outcome: TurnEnding | undefined,
): AsyncGenerator<Tracked> {
  position.turn = { id: turnId, seq: 'end' };
  yield tracked(eventIdOf(position), {
    type: 'turn-end',
    turnId,
    assistantMessageId: outcome?.assistantMessageId ?? null,
    errorCode: outcome?.errorCode ?? null,
  });
}

/**
 * One read of what the subscriber has not seen: new messages, then the end of the turn it was
 * following, then the running turn's new events. Each event is yielded with the position after it
 * as its id. Returns whether more may be waiting (a full page, or an order still to settle).
 */
async function* readNew(
  db: Database,
  userId: string,
  conversationId: string,
  position: StreamPosition,
): AsyncGenerator<Tracked, boolean> {
  const messages = await listMessagesAfter(db, userId, conversationId, position.messageSeq, PAGE);
  const ids = messages.map(({ message }) => message.id);
  const turns = await findTurnsOfMessages(db, userId, conversationId, ids);
  for (const { seq, message } of messages) {
    position.messageSeq = seq;
    position.messageId = message.id;
    if (position.turn?.seq === 'end') position.turn = null; // an ended turn is behind us now
    yield tracked(eventIdOf(position), { type: 'message', message });
    // A turn ends right after its answer, or after its question when it ended without one
    // (whether or not this stream saw it run), before anything newer.
    const ended = turns.find(
      (turn) =>
        turn.assistantMessageId === message.id ||
        (turn.userMessageId === message.id && turn.ended && turn.assistantMessageId === null),
    );
    if (ended) yield* endTurn(position, ended.id, ended);
  }
  if (messages.length === PAGE) return true;

  const running = await findRunningTurn(db, userId, conversationId);
  const followed = position.turn;
  if (followed && followed.seq !== 'end' && followed.id !== running?.id) {
    const outcome = await findTurnOutcome(db, userId, conversationId, followed.id);
    // The turn's message is sent before its end: read it first.
    if (outcome?.assistantMessageSeq != null && outcome.assistantMessageSeq > position.messageSeq) return true;
    yield* endTurn(position, followed.id, outcome);
  }
  if (!running) return false;
  // The message that started the turn is sent before the turn's events: read it first.
  if (running.userMessageSeq > position.messageSeq) return true;
  const afterSeq = position.turn?.id === running.id && position.turn.seq !== 'end' ? position.turn.seq : 0;
  const events = await listTurnEventsAfter(db, userId, running.id, afterSeq, PAGE);
  for (const { seq, event } of events) {
    position.turn = { id: running.id, seq };
    yield tracked(eventIdOf(position), { type: 'turn-progress', turnId: running.id, seq, event });
  }
  return events.length === PAGE;
}

/**
 * `messages.onMessage`: every message stored in the conversation and every running turn's
 * progress, live, first replaying what followed `lastEventId`. Checks run before the stream starts
 * (NOT_FOUND, BAD_REQUEST, TOO_MANY_REQUESTS). The stream reads from PostgreSQL whenever the
 * change feed says the conversation changed; it never queues events of its own, so a slow reader
 * costs one page at most. An outage pauses it until the database answers again.
 */
export async function followConversation(
  ctx: LiveContext,
  input: { conversationId: string; lastEventId?: string | undefined },
): Promise<AsyncIterable<Tracked>> {
  const { db, userId } = ctx;
  const { conversationId } = input;
  const doorbell = new Doorbell();
  let deleted = false;
  // Changes may have been missed (a deletion among them): look again before reading on.
  let recheck = false;
  // Listening starts before the first read, so nothing committed in between is missed.
  const subscription = ctx.feed.subscribe(
    ctx,
    (event: FeedEvent) => {
      if (event.k === 'reconnected') recheck = true;
      if (event.k === 'deleted' && event.c === conversationId) deleted = true;
      const here = (event.k === 'stream' || event.k === 'deleted') && event.c === conversationId;
      if (here || event.k === 'reconnected') doorbell.ring();
    },
    ctx.signal,
  );
  const { signal } = subscription;
  let position: StreamPosition;
  try {
    await assertConversationExists(db, userId, conversationId);
    position = await startingPosition(db, userId, conversationId, input.lastEventId);
  } catch (error) {
    subscription.close();
    throw error;
  }

  async function* stream(): AsyncGenerator<Tracked> {
    try {
      for (;;) {
        // Also while catching up: a signed-out session or a shutdown stops the replay too.
        signal.throwIfAborted();
        let more: boolean;
        try {
          if (recheck) {
            recheck = false;
            deleted ||= (await findConversation(db, userId, conversationId)) === undefined;
          }
          more = yield* readNew(db, userId, conversationId, position);
        } catch (error) {
          if (!isDatabaseOutage(error)) {
            ctx.logger.error({ err: error, conversationId }, 'a conversation stream failed');
            throw error;
          }
          await doorbell.wait(signal, OUTAGE_RETRY_MS);
          continue;
        }
        if (deleted) {
          yield tracked(eventIdOf(position), { type: 'conversation-deleted', conversationId });
          return;
        }
        // A followed turn is looked at again now and then: one whose process died ends by its time, unannounced.
        const following = position.turn !== null && position.turn.seq !== 'end';
        if (!more) await doorbell.wait(signal, following ? TURN_RECHECK_MS : undefined);
      }
    } catch (error) {
      if (clientLeft(ctx.signal)) return;
      throw error;
    } finally {
      subscription.close();
    }
  }
  return stream();
}
