import type { ChatTurnStatus } from '@taskchat/db';
import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import type { ChatErrorCode } from './chat-events.ts';
import type { TurnUsage } from './turn-usage.ts';

/** Chat turns: every statement is scoped by the owner's id. */

export interface ChatTurnRow {
  id: string;
  conversationId: string;
  status: ChatTurnStatus;
  userMessageId: string;
  assistantMessageId: string | null;
  errorCode: ChatErrorCode | null;
  /** Still running and within its time: another call must not run it again. */
  live: boolean;
}

export async function findTurn(db: Database, userId: string, clientId: string): Promise<ChatTurnRow | undefined> {
  const row = await db
    .selectFrom('chat_turns')
    .select([
      'id',
      'conversation_id',
      'status',
      'user_message_id',
      'assistant_message_id',
      'error_code',
      // The database's clock decides, the same for every server process.
      (eb) =>
        eb
          .and([eb('status', '=', 'running'), eb('expires_at', '>', eb.fn<string>('now'))])
          .$castTo<boolean>()
          .as('live'),
    ])
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      conversationId: row.conversation_id,
      status: row.status,
      userMessageId: row.user_message_id,
      assistantMessageId: row.assistant_message_id,
      errorCode: row.error_code as ChatErrorCode | null,
      live: row.live,
    }
  );
}

/**
 * Marks the conversation's running turns whose time ran out as failed (their process is gone),
 * drops their events, and says whether a turn of the conversation still runs: one statement (its
 * parts all see the rows as they were before it, so the turns it fails are left out by id).
 */
export async function settleRunningTurns(db: Database, userId: string, conversationId: string): Promise<boolean> {
  const row = await db
    .with('abandoned', (db) =>
      db
        .updateTable('chat_turns')
        .set({ status: 'failed', error_code: 'MODEL_TIMEOUT' })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .where('status', '=', 'running')
        .where((eb) => eb('expires_at', '<=', eb.fn<string>('now')))
        .returning('id'),
    )
    .with('abandoned_events', (db) =>
      db
        .deleteFrom('chat_turn_events')
        .where('user_id', '=', userId)
        .where('turn_id', 'in', (eb) => eb.selectFrom('abandoned').select('id'))
        .returning('turn_id'),
    )
    .selectNoFrom((eb) =>
      eb
        .exists(
          eb
            .selectFrom('chat_turns')
            .select('id')
            .where('conversation_id', '=', conversationId)
            .where('user_id', '=', userId)
            .where('status', '=', 'running')
            .where('id', 'not in', eb.selectFrom('abandoned').select('id')),
        )
        .$castTo<boolean>()
        .as('running'),
    )
    .executeTakeFirstOrThrow();
  return row.running;
}

export async function insertRunningTurn(
  db: Database,
  userId: string,
  turn: { conversationId: string; clientId: string; userMessageId: string; runsForMs: number },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('chat_turns')
    .values({
      id,
      user_id: userId,
      conversation_id: turn.conversationId,
      client_id: turn.clientId,
      status: 'running',
      user_message_id: turn.userMessageId,
      expires_at: new Date(Date.now() + turn.runsForMs),
      created_at: new Date(),
    })
    .execute();
  return id;
}

/** The `model` column's length. */
const MODEL_NAME_CHARS = 200;

/**
 * Records the turn's outcome and what it used (null when that is not known: its answer could not
 * be stored); its streamed events go, replaced by the stored message.
 */
export async function finishTurn(
  db: Database,
  userId: string,
  turnId: string,
  outcome: { assistantMessageId: string | null; errorCode: ChatErrorCode | null; usage: TurnUsage | null },
): Promise<void> {
  const { usage } = outcome;
  await db
    // Its followers now read the stored answer: the turn's events go in the same statement.
    .with('events', (db) =>
      db
        .deleteFrom('chat_turn_events')
        .where('turn_id', '=', turnId)
        .where('user_id', '=', userId)
        .returning('turn_id'),
    )
    .updateTable('chat_turns')
    .set({
      status: outcome.errorCode ? 'failed' : 'done',
      assistant_message_id: outcome.assistantMessageId,
      error_code: outcome.errorCode,
      ...(usage && {
        model: [...usage.model].slice(0, MODEL_NAME_CHARS).join(''),
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cached_input_tokens: usage.cachedInputTokens,
        latency_ms: usage.latencyMs,
      }),
    })
    .where('id', '=', turnId)
    .where('user_id', '=', userId)
    .execute();
}

/** The conversation's running turn (within its time) and the number of the user message that started it. */
export async function findRunningTurn(
  db: Database,
  userId: string,
  conversationId: string,
): Promise<{ id: string; userMessageSeq: number } | undefined> {
  const row = await db
    .selectFrom('chat_turns')
    .innerJoin('messages', 'messages.id', 'chat_turns.user_message_id')
    .select(['chat_turns.id', 'messages.seq'])
    .where('chat_turns.conversation_id', '=', conversationId)
    .where('chat_turns.user_id', '=', userId)
    .where('chat_turns.status', '=', 'running')
    .where((eb) => eb('chat_turns.expires_at', '>', eb.fn<string>('now')))
    .executeTakeFirst();
  return row && { id: row.id, userMessageSeq: row.seq };
}

/** Why a turn failed; a turn still marked running past its time failed too: its process died (as a replay of it says). */
function errorOf(row: { status: ChatTurnStatus; error_code: string | null }): ChatErrorCode | null {
  return (row.error_code as ChatErrorCode | null) ?? (row.status === 'running' ? 'MODEL_TIMEOUT' : null);
}

/** How a turn ended: its stored answer, if any, and why it failed, if it did. */
export interface TurnEnding {
  assistantMessageId: string | null;
  errorCode: ChatErrorCode | null;
}

export interface TurnOutcome extends TurnEnding {
  /** The answer's number in the conversation. */
  assistantMessageSeq: number | null;
}

/** How a turn of the conversation ended (its stored message, with its number, and its error); undefined when it is none of its turns. */
export async function findTurnOutcome(
  db: Database,
  userId: string,
  conversationId: string,
  turnId: string,
): Promise<TurnOutcome | undefined> {
  const row = await db
    .selectFrom('chat_turns')
    .leftJoin('messages', 'messages.id', 'chat_turns.assistant_message_id')
    .select(['chat_turns.status', 'chat_turns.assistant_message_id', 'chat_turns.error_code', 'messages.seq'])
    .where('chat_turns.id', '=', turnId)
    .where('chat_turns.conversation_id', '=', conversationId)
    .where('chat_turns.user_id', '=', userId)
    .executeTakeFirst();
  return (
    row && {
      assistantMessageId: row.assistant_message_id,
      assistantMessageSeq: row.seq,
      errorCode: errorOf(row),
    }
  );
}

/** A turn as a stream sees it beside its messages: which messages are its own, and whether it has ended. */
export interface TurnOfMessages extends TurnEnding {
  id: string;
  userMessageId: string;
  /** Done, failed, or running past its time (its process died). */
  ended: boolean;
}

/** The conversation's turns that one of these messages started or answered. */
export async function findTurnsOfMessages(
  db: Database,
  userId: string,
  conversationId: string,
  messageIds: string[],
): Promise<TurnOfMessages[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom('chat_turns')
    .select([
      'id',
      'status',
      'user_message_id',
      'assistant_message_id',
      'error_code',
      (eb) =>
        eb
          .or([eb('status', '<>', 'running'), eb('expires_at', '<=', eb.fn<string>('now'))])
          .$castTo<boolean>()
          .as('ended'),
    ])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('user_message_id', 'in', messageIds), eb('assistant_message_id', 'in', messageIds)]))
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userMessageId: row.user_message_id,
    assistantMessageId: row.assistant_message_id,
    errorCode: errorOf(row),
    ended: row.ended,
  }));
}
