import { type MessageRole, newId } from '@taskchat/db';
import type { CursorPosition } from '../pagination/cursor.ts';
import { keysetCondition } from '../pagination/keyset-page.ts';
import type { SqlRunner } from '../sql-runner.ts';
import { MESSAGE_COLUMNS, type MessageRow } from './message-output.ts';

/** SQL for messages; every statement is scoped by the owner's id. */

export async function conversationExists(db: SqlRunner, userId: string, conversationId: string): Promise<boolean> {
  const rows = await db.execute('select 1 from conversations where id = ? and user_id = ?', [conversationId, userId]);
  return rows.length > 0;
}

/** Newest first, from the (conversation_id, user_id, created_at, id) index read backwards. */
export async function listMessagesNewestFirst(
  db: SqlRunner,
  userId: string,
  conversationId: string,
  limit: number,
  before: CursorPosition | undefined,
): Promise<MessageRow[]> {
  const keyset = keysetCondition('created_at', 'id', before);
  return await db.execute<MessageRow[]>(
    `select ${MESSAGE_COLUMNS} from messages
     where conversation_id = ? and user_id = ? ${keyset.sql}
     order by created_at desc, id desc limit ?`,
    [conversationId, userId, ...keyset.params, limit],
  );
}

/** Locks the conversation row until the transaction ends; undefined when it is not the user's. */
export async function lockConversation(
  db: SqlRunner,
  userId: string,
  conversationId: string,
): Promise<{ title: string | null } | undefined> {
  const [row] = await db.execute<{ title: string | null }[]>(
    'select title from conversations where id = ? and user_id = ? for update',
    [conversationId, userId],
  );
  return row;
}

export async function findByClientId(
  db: SqlRunner,
  userId: string,
  conversationId: string,
  clientId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db.execute<MessageRow[]>(
    `select ${MESSAGE_COLUMNS} from messages where conversation_id = ? and user_id = ? and client_id = ?`,
    [conversationId, userId, clientId],
  );
  return row;
}

export async function hasUserMessage(db: SqlRunner, userId: string, conversationId: string): Promise<boolean> {
  const rows = await db.execute(
    `select 1 from messages where conversation_id = ? and user_id = ? and role = 'user' limit 1`,
    [conversationId, userId],
  );
  return rows.length > 0;
}

export async function insertMessage(
  db: SqlRunner,
  message: {
    userId: string;
    conversationId: string;
    role: MessageRole;
    content: string;
    clientId: string | null;
    createdAt: Date;
  },
): Promise<MessageRow> {
  const [row] = await db.execute<MessageRow[]>(
    `insert into messages (id, conversation_id, user_id, role, content, client_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?) returning ${MESSAGE_COLUMNS}`,
    [
      newId(),
      message.conversationId,
      message.userId,
      message.role,
      message.content,
      message.clientId,
      message.createdAt,
    ],
  );
  return row as MessageRow;
}

/** Moves the conversation's last activity forward (never back) and sets a title if it has none. */
export async function touchConversation(
  db: SqlRunner,
  userId: string,
  conversationId: string,
  activityAt: Date,
  title: string | null,
): Promise<void> {
  await db.execute(
    `update conversations set updated_at = greatest(updated_at, ?), title = coalesce(title, ?)
     where id = ? and user_id = ?`,
    [activityAt, title, conversationId, userId],
  );
}
