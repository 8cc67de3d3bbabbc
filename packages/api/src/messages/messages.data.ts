import { type MessageRole, newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import { assertConversationExists } from '../conversations/conversations.data.ts';
import type { Database, Tables } from '../database.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.ts';

/** Messages: every statement is scoped by the owner's id, so another user's is a missing one. */

export interface MessageOutput {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  clientId: string | null;
  createdAt: Date;
}

const MESSAGE_COLUMNS = ['id', 'conversation_id', 'role', 'content', 'client_id', 'created_at'] as const;
type MessageRow = Pick<Selectable<Tables['messages']>, (typeof MESSAGE_COLUMNS)[number]>;

function toMessageOutput(row: MessageRow): MessageOutput {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    clientId: row.client_id,
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
      sortColumn: 'created_at',
      toItem: toMessageOutput,
      sortKey: (message) => message.createdAt,
    },
    request,
  );
  return { items: page.items.reverse(), nextCursor: page.nextCursor };
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

export async function insertMessage(
  db: Database,
  userId: string,
  message: { conversationId: string; role: MessageRole; content: string; clientId: string | null },
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
      created_at: new Date(),
    })
    .returning(MESSAGE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toMessageOutput(row);
}
