import { type MessagePart, type MessageRole, messagePartsSchema, newId } from '@taskchat/db';
import { type Selectable, sql } from 'kysely';
import { assertConversationExists } from '../conversations/conversations.data.ts';
import { type Database, jsonb, type Tables } from '../database.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.ts';

/** Messages: every statement is scoped by the owner's id, so another user's is a missing one. */

export interface MessageOutput {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  clientId: string | null;
  /** An assistant message's text and tool activity in order; null for the others. */
  parts: MessagePart[] | null;
  /** The turn that wrote it failed midway: this is what came before the failure. */
  incomplete: boolean;
  createdAt: Date;
}

const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'role',
  'content',
  'client_id',
  'parts',
  'incomplete',
  'created_at',
] as const;
type MessageRow = Pick<Selectable<Tables['messages']>, (typeof MESSAGE_COLUMNS)[number]>;

function toMessageOutput(row: MessageRow): MessageOutput {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    clientId: row.client_id,
    parts: row.parts,
    incomplete: row.incomplete,
    createdAt: new Date(row.created_at),
  };
}

/**
 * The newest `limit` messages older than the cursor (the newest overall without one), in
 * chronological order; `nextCursor` leads to older messages and is null at the start. Read from
 * the (conversation_id, user_id, created_at, id) index backwards.
 */
export async function listMessages(
  db: Database,
  userId: string,
  request: PageRequest & { conversationId: string },
): Promise<Page<MessageOutput>> {
  const { conversationId } = request;
  await assertConversationExists(db, userId, conversationId);
  const query = db
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId);
  const page = await keysetPage(
    query,
    {
      scope: `messages:${conversationId}`,
      sortColumns: ['created_at'],
      sortKinds: ['date'],
      toItem: toMessageOutput,
      sortKeys: (message) => [message.createdAt],
    },
    request,
  );
  return { items: page.items.reverse(), nextCursor: page.nextCursor };
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
 * Stores a message as the conversation's next one (`seq`). The caller holds the conversation's row
 * lock (`lockConversation`), so numbers follow the order of commits and never collide.
 */
export async function insertMessage(
  db: Database,
  userId: string,
  message: {
    conversationId: string;
    role: MessageRole;
    content: string;
    clientId: string | null;
    parts?: MessagePart[];
    incomplete?: boolean;
    /** When it was written; now unless it comes from an import. */
    createdAt?: Date;
  },
): Promise<MessageOutput> {
  const row = await db
    .insertInto('messages')
    .values({
      id: newId(),
      conversation_id: message.conversationId,
      user_id: userId,
      role: message.role,
      content: message.content,
      client_id: message.clientId,
      // Validated on the way in: what a model produced is stored only in the shape clients expect.
      parts: message.parts ? jsonb(messagePartsSchema.parse(message.parts)) : null,
      incomplete: message.incomplete ?? false,
      seq: db
        .selectFrom('messages')
        .select((eb) => sql<number>`coalesce(max(${eb.ref('seq')}), 0) + 1`.as('next'))
        .where('conversation_id', '=', message.conversationId)
        .where('user_id', '=', userId),
      created_at: message.createdAt ?? new Date(),
    })
    .returning(MESSAGE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toMessageOutput(row);
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
