import { type MessagePart, type MessageRole, messagePartsSchema, newId } from '@taskchat/db';
import { type Selectable, sql } from 'kysely';
import type { LockedConversation } from '../conversations/conversations.data.ts';
import { type Database, jsonText, type Tables } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { titleFromMessage } from './conversation-title.ts';

/** Messages: every statement is scoped by the owner's id, so another user's is a missing one. */

export interface MessageOutput {
  id: string;
  conversationId: string;
  /** The previous message on its branch; null for a first message. */
  parentId: string | null;
  role: MessageRole;
  content: string;
  clientId: string | null;
  /** An assistant message's text and tool activity in order; null for the others. */
  parts: MessagePart[] | null;
  /** The turn that wrote it failed midway: this is what came before the failure. */
  incomplete: boolean;
  createdAt: Date;
}

export const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'parent_id',
  'role',
  'content',
  'client_id',
  'parts',
  'incomplete',
  'created_at',
] as const;
export type MessageRow = Pick<Selectable<Tables['messages']>, (typeof MESSAGE_COLUMNS)[number]>;

export function toMessageOutput(row: MessageRow): MessageOutput {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    clientId: row.client_id,
    parts: row.parts,
    incomplete: row.incomplete,
    createdAt: new Date(row.created_at),
  };
}

/** What a message adds to an answer, about: the bytes of its text and of its parts as JSON writes them (escapes included). */
export function messageBytes(message: MessageOutput): number {
  return (
    Buffer.byteLength(JSON.stringify(message.content)) +
    (message.parts ? Buffer.byteLength(JSON.stringify(message.parts)) : 0)
  );
}

/** One of the user's messages by id. */
export async function getMessage(db: Database, userId: string, id: string): Promise<MessageOutput | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toMessageOutput(row);
}

/** The message stored earlier under this client id in the conversation, if any. */
export async function findMessageByClientId(
  db: Database,
  userId: string,
  conversationId: string,
  clientId: string,
): Promise<MessageOutput | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row && toMessageOutput(row);
}

/**
 * A message to append; when it was written (`createdAt`) only an import says, else it is now. A
 * time after the database's now is stored as now.
 */
export interface NewMessage {
  /** Its id, when the caller must know it before it is stored (an import's parents); else a new one. */
  id?: string | undefined;
  /**
   * The previous message on its branch (null: a first message). Without it a message follows the
   * one before it in the same call, and the first one the conversation's current leaf.
   */
  parentId?: string | null | undefined;
  role: MessageRole;
  content: string;
  clientId: string | null;
  parts?: MessagePart[] | undefined;
  incomplete?: boolean | undefined;
  createdAt?: Date | undefined;
}

/** Key lookups per statement: a statement may carry at most 65,535 bind parameters. */
const KEYS_PER_STATEMENT = 1_000;

/** What an append did: `stored` the messages, or found them `replayed` (an earlier call used their client ids). */
export interface AppendOutcome {
  status: 'stored' | 'replayed';
  messages: MessageOutput[];
}

/** What `append_messages` answers besides its messages: why it stored none. */
type AppendStatus = AppendOutcome['status'] | 'parent_missing' | 'branch_full';

/**
 * No cap for appends that follow the leaf: the leaf never has children (every append and
 * `conversations.setLeaf` move it to a message without any), so following it adds no sibling.
 */
const UNCAPPED = 2_147_483_647;

/**
 * The append invariant, in one place (`messages.append`, `chat.send` and `conversations.import`
 * all append through it), and in one statement: the `append_messages` function (its migration
 * says how) locks the conversation row, so appends to it are serialised and numbered (`seq`) in
 * the order of commits; stores nothing when the messages' client ids were used before (returning
 * those messages instead); moves the last activity to the newest message (never back) and names
 * an untitled conversation after its first user message (once: nothing clears a title). No time
 * runs ahead of the database's clock: a message's `created_at` is the given time or now,
 * whichever is earlier, so an imported message dated in the future is stored as now. `messages`
 * holds one at least. Each message has its parent (`NewMessage.parentId`), which must be one of
 * the conversation's messages or one stored earlier in the same call (NOT_FOUND: a message of
 * another conversation or user is a missing one), and no parent takes more than
 * `branchesPerMessage` children (BAD_REQUEST); the conversation's leaf moves to the last message.
 * Null when the conversation is not the user's, or is in the trash (unless `includingTrash`).
 */
export async function appendToConversation(
  db: Database,
  userId: string,
  conversationId: string,
  messages: NewMessage[],
  options: { includingTrash?: boolean; branchesPerMessage?: number } = {},
): Promise<AppendOutcome | null> {
  const firstUserMessage = messages.find((message) => message.role === 'user');
  const column = <T>(pick: (message: NewMessage) => T) => messages.map(pick);
  const title = firstUserMessage ? titleFromMessage(firstUserMessage.content) : null;
  const ids = column((message) => message.id ?? newId());
  const followLeaf = messages[0]?.parentId === undefined;
  const parentIds = messages.map((message, i) =>
    message.parentId !== undefined ? message.parentId : i > 0 ? (ids[i - 1] ?? null) : null,
  );
  const roles = column((message) => message.role);
  const contents = column((message) => message.content);
  const clientIds = column((message) => message.clientId);
  // Validated on the way in: what a model produced is stored only in the shape clients expect.
  const parts = column((message) => (message.parts ? jsonText(messagePartsSchema.parse(message.parts)) : null));
  const incomplete = column((message) => message.incomplete ?? false);
  const createdAt = column((message) => message.createdAt ?? null);
  type AppendedRow = MessageRow & { outcome: AppendStatus; seq: number };
  // One function call, one round trip (its migration says how it keeps the invariant); each array
  // is cast because node-postgres sends an array without its element type.
  const { rows } =
    await sql<AppendedRow>`select * from append_messages(${userId}, ${conversationId}, ${options.includingTrash ?? false}, ${title}, ${followLeaf}, ${options.branchesPerMessage ?? UNCAPPED}, ${ids}::uuid[], ${parentIds}::uuid[], ${roles}::text[], ${contents}::text[], ${clientIds}::uuid[], ${parts}::jsonb[], ${incomplete}::boolean[], ${createdAt}::timestamptz[])`.execute(
      db,
    );
  const [first] = rows;
  if (!first) return null;
  if (first.outcome === 'parent_missing') throw notFound('Message');
  if (first.outcome === 'branch_full') {
    throw new DomainError('BAD_REQUEST', `A message can be followed by at most ${options.branchesPerMessage} branches`);
  }
  return { status: first.outcome, messages: rows.map(toMessageOutput) };
}

/**
 * `appendToConversation` for a caller that holds the conversation's lock (`lockConversation`
 * hands out a `LockedConversation`) and has matched the client ids itself: the messages as stored.
 */
export async function appendMessages(
  tx: Database,
  userId: string,
  conversation: LockedConversation,
  messages: NewMessage[],
  branchesPerMessage: number,
): Promise<MessageOutput[]> {
  if (messages.length === 0) return [];
  const outcome = await appendToConversation(tx, userId, conversation.id, messages, {
    includingTrash: true,
    branchesPerMessage,
  });
  if (outcome?.status !== 'stored')
    throw new Error(`appendMessages found the conversation ${outcome ? 'replayed' : 'gone'}`);
  return outcome.messages;
}

/** A message of the conversation known by one of the keys (its id, or its client id), as an import matches them. */
export interface KeyedMessage {
  id: string;
  clientId: string | null;
  role: MessageRole;
  content: string;
}

/** The conversation's messages whose id or client id is one of `keys`, in chunks (the bind-parameter limit). */
export async function findMessagesByKeys(
  db: Database,
  userId: string,
  conversationId: string,
  keys: string[],
): Promise<KeyedMessage[]> {
  const found: KeyedMessage[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(start, start + KEYS_PER_STATEMENT);
    const rows = await db
      .selectFrom('messages')
      .select(['id', 'client_id', 'role', 'content'])
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('client_id', 'in', chunk), eb('id', 'in', chunk)]))
      .execute();
    found.push(...rows.map((row) => ({ id: row.id, clientId: row.client_id, role: row.role, content: row.content })));
  }
  return found;
}

/** The conversation's messages numbered after `afterSeq`, at most `limit`, in order (subscriptions). */
export async function listMessagesAfter(
  db: Database,
  userId: string,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<{ seq: number; message: MessageOutput }[]> {
  const rows = await db
    .selectFrom('messages')
    .select([...MESSAGE_COLUMNS, 'seq'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ seq: row.seq, message: toMessageOutput(row) }));
}

/** The number of one of the conversation's messages; undefined when it is not one of them. */
export async function findMessageSeq(
  db: Database,
  userId: string,
  conversationId: string,
  messageId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('messages')
    .select('seq')
    .where('id', '=', messageId)
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.seq;
}

/** The conversation's newest message's id and number, if it has one. */
export async function findLatestMessage(
  db: Database,
  userId: string,
  conversationId: string,
): Promise<{ id: string; seq: number } | undefined> {
  return await db
    .selectFrom('messages')
    .select(['id', 'seq'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}
