import { newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.ts';

/** Conversations: every statement is scoped by the owner's id, so another user's is a missing one. */

export interface ConversationOutput {
  id: string;
  title: string | null;
  createdAt: Date;
  /** Last activity: when the newest message was added. */
  updatedAt: Date;
}

const CONVERSATION_COLUMNS = ['id', 'title', 'created_at', 'updated_at'] as const;
type ConversationRow = Pick<Selectable<Tables['conversations']>, (typeof CONVERSATION_COLUMNS)[number]>;

function toConversationOutput(row: ConversationRow): ConversationOutput {
  return { id: row.id, title: row.title, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
}

/** Most recent activity first. */
export async function listConversations(
  db: Database,
  userId: string,
  request: PageRequest,
): Promise<Page<ConversationOutput>> {
  const query = db.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('user_id', '=', userId);
  return await keysetPage(
    query,
    {
      scope: 'conversations',
      sortColumn: 'updated_at',
      toItem: toConversationOutput,
      sortKey: (conversation) => conversation.updatedAt,
    },
    request,
  );
}

/** One of the user's conversations; undefined when it is missing or another user's. */
export async function findConversation(
  db: Database,
  userId: string,
  id: string,
): Promise<ConversationOutput | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(CONVERSATION_COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toConversationOutput(row);
}

export async function getConversation(db: Database, userId: string, id: string): Promise<ConversationOutput> {
  const conversation = await findConversation(db, userId, id);
  if (!conversation) throw notFound('Conversation');
  return conversation;
}

/** NOT_FOUND unless the user has this conversation. */
export async function assertConversationExists(db: Database, userId: string, id: string): Promise<void> {
  const row = await db
    .selectFrom('conversations')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
}

export async function createConversation(
  db: Database,
  userId: string,
  input: { title?: string | undefined },
): Promise<ConversationOutput> {
  const now = new Date();
  const row = await db
    .insertInto('conversations')
    .values({ id: newId(), user_id: userId, title: input.title ?? null, created_at: now, updated_at: now })
    .returning(CONVERSATION_COLUMNS)
    .executeTakeFirstOrThrow();
  return toConversationOutput(row);
}

/** Renaming is not activity: the conversation keeps its place in the list. */
export async function renameConversation(
  db: Database,
  userId: string,
  input: { id: string; title: string },
): Promise<ConversationOutput> {
  const row = await db
    .updateTable('conversations')
    .set({ title: input.title })
    .where('id', '=', input.id)
    .where('user_id', '=', userId)
    .returning(CONVERSATION_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return toConversationOutput(row);
}

/** Its messages go with it (ON DELETE CASCADE). */
export async function deleteConversation(db: Database, userId: string, id: string): Promise<{ id: string }> {
  const row = await db
    .deleteFrom('conversations')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

/**
 * Locks the conversation row until the transaction ends, so appends to it are serialised; NOT_FOUND
 * when it is not the user's. Returns its current title.
 */
export async function lockConversation(tx: Database, userId: string, id: string): Promise<{ title: string | null }> {
  const row = await tx
    .selectFrom('conversations')
    .select('title')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

/** Moves the last activity forward (never back), and sets the title when there is none yet. */
export async function recordActivity(
  tx: Database,
  userId: string,
  id: string,
  activity: { at: Date; title: string | null },
): Promise<void> {
  await tx
    .updateTable('conversations')
    .set((eb) => ({
      updated_at: eb.fn('greatest', ['updated_at', eb.val(activity.at)]),
      title: eb.fn.coalesce('title', eb.val(activity.title)),
    }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .execute();
}
