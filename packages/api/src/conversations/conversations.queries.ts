import { newId } from '@taskchat/db';
import type { CursorPosition } from '../pagination/cursor.ts';
import { keysetCondition } from '../pagination/keyset-page.ts';
import type { SqlRunner } from '../sql-runner.ts';
import { CONVERSATION_COLUMNS, type ConversationRow } from './conversation-output.ts';

/** SQL for conversations; every statement is scoped by the owner's id. */

export async function listConversations(
  db: SqlRunner,
  userId: string,
  limit: number,
  after: CursorPosition | undefined,
): Promise<ConversationRow[]> {
  const keyset = keysetCondition('updated_at', 'id', after);
  return await db.execute<ConversationRow[]>(
    `select ${CONVERSATION_COLUMNS} from conversations
     where user_id = ? ${keyset.sql}
     order by updated_at desc, id desc limit ?`,
    [userId, ...keyset.params, limit],
  );
}

export async function findConversation(
  db: SqlRunner,
  userId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.execute<ConversationRow[]>(
    `select ${CONVERSATION_COLUMNS} from conversations where id = ? and user_id = ?`,
    [id, userId],
  );
  return row;
}

export async function insertConversation(
  db: SqlRunner,
  userId: string,
  title: string | null,
): Promise<ConversationRow> {
  const now = new Date();
  const [row] = await db.execute<ConversationRow[]>(
    `insert into conversations (id, user_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)
     returning ${CONVERSATION_COLUMNS}`,
    [newId(), userId, title, now, now],
  );
  return row as ConversationRow;
}

export async function renameConversation(
  db: SqlRunner,
  userId: string,
  id: string,
  title: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.execute<ConversationRow[]>(
    `update conversations set title = ? where id = ? and user_id = ? returning ${CONVERSATION_COLUMNS}`,
    [title, id, userId],
  );
  return row;
}

/** Deletes the conversation (its messages go by ON DELETE CASCADE); false when there was none. */
export async function deleteConversation(db: SqlRunner, userId: string, id: string): Promise<boolean> {
  const rows = await db.execute<{ id: string }[]>(
    'delete from conversations where id = ? and user_id = ? returning id',
    [id, userId],
  );
  return rows.length > 0;
}
