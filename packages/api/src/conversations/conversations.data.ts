import { newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';

/** Conversations: every statement is scoped by the owner's id, so another user's is a missing one. */

export interface ConversationOutput {
  id: string;
  title: string | null;
  archived: boolean;
  pinned: boolean;
  createdAt: Date;
  /** Last activity: when the newest message was added. */
  updatedAt: Date;
  /** The last message of the current branch (`messages.list` shows it); null without messages. */
  leafId: string | null;
}

export const CONVERSATION_COLUMNS = [
  'id',
  'title',
  'archived',
  'pinned',
  'created_at',
  'updated_at',
  'leaf_id',
] as const;
export type ConversationRow = Pick<Selectable<Tables['conversations']>, (typeof CONVERSATION_COLUMNS)[number]>;

export function toConversationOutput(row: ConversationRow): ConversationOutput {
  return {
    id: row.id,
    title: row.title,
    archived: row.archived,
    pinned: row.pinned,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    leafId: row.leaf_id,
  };
}

/**
 * The user's conversations that are not in the trash: every statement outside the trash's own
 * starts here, so a trashed conversation is a missing one to them.
 */
const usersConversations = (db: Database, userId: string) =>
  db.selectFrom('conversations').where('user_id', '=', userId).where('deleted_at', 'is', null);

/** The user's conversations, those in the trash too when `includingTrash`. */
const usersConversationsIncluding = (db: Database, userId: string, includingTrash: boolean) =>
  includingTrash ? db.selectFrom('conversations').where('user_id', '=', userId) : usersConversations(db, userId);

/** The archived ones or the others: pinned first, then by most recent activity. */
export async function selectConversationPage(
  db: Database,
  userId: string,
  request: PageRequest & { archived: boolean },
): Promise<Page<ConversationOutput>> {
  const query = usersConversations(db, userId).select(CONVERSATION_COLUMNS).where('archived', '=', request.archived);
  return await keysetPage(
    query,
    {
      scope: request.archived ? 'conversations:archived' : 'conversations',
      sortColumns: ['pinned', 'updated_at'],
      sortKinds: ['boolean', 'date'],
      toItem: toConversationOutput,
      sortKeys: (conversation) => [conversation.pinned, conversation.updatedAt],
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
  const row = await usersConversations(db, userId).select(CONVERSATION_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toConversationOutput(row);
}

/** A conversation as `conversations.get` gives it: with when it went to the trash. */
export interface OpenedConversationOutput extends ConversationOutput {
  /** Null unless it is in the trash. */
  trashedAt: Date | null;
}

/**
 * One of the user's conversations, one in the trash too when `includingTrash`; NOT_FOUND when it
 * is missing, another user's, or in the trash without `includingTrash`.
 */
export async function selectOpenedConversation(
  db: Database,
  userId: string,
  id: string,
  options: { includingTrash: boolean },
): Promise<OpenedConversationOutput> {
  const row = await usersConversationsIncluding(db, userId, options.includingTrash)
    .select([...CONVERSATION_COLUMNS, 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return { ...toConversationOutput(row), trashedAt: row.deleted_at === null ? null : new Date(row.deleted_at) };
}

export async function selectConversation(db: Database, userId: string, id: string): Promise<ConversationOutput> {
  const conversation = await findConversation(db, userId, id);
  if (!conversation) throw notFound('Conversation');
  return conversation;
}

/** NOT_FOUND unless the user has this conversation. */
export async function assertConversationExists(db: Database, userId: string, id: string): Promise<void> {
  const row = await usersConversations(db, userId).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Conversation');
}

export async function insertConversation(
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

/**
 * The conversation an import made earlier from the export's conversation `exportedId` (its client
 * id here), or the user's own one of that id (an export of this account); trashed ones included.
 */
export async function findImportedConversation(
  db: Database,
  userId: string,
  exportedId: string,
): Promise<{ id: string; trashed: boolean } | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'deleted_at'])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('client_id', '=', exportedId), eb('id', '=', exportedId)]))
    .executeTakeFirst();
  return row && { id: row.id, trashed: row.deleted_at !== null };
}

/**
 * A conversation of an export, stored with an id of its own; the exported id becomes its client
 * id. A creation time after the database's now is stored as now.
 */
export async function insertImportedConversation(
  db: Database,
  userId: string,
  conversation: { id: string; title: string | null; archived: boolean; pinned: boolean; createdAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('conversations')
    .values((eb) => {
      const createdAt = eb.fn<Date>('least', [eb.val(conversation.createdAt), eb.fn('statement_timestamp')]);
      return {
        id: newId(),
        user_id: userId,
        client_id: conversation.id,
        title: conversation.title,
        archived: conversation.archived,
        pinned: conversation.pinned,
        created_at: createdAt,
        // Activity moves to its newest message as they are appended.
        updated_at: createdAt,
      };
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A change that is not activity (title, archived, pinned): the conversation keeps its place in time. */
export async function updateConversationFields(
  db: Database,
  userId: string,
  id: string,
  change: { title?: string; archived?: boolean; pinned?: boolean },
): Promise<ConversationOutput> {
  const row = await db
    .updateTable('conversations')
    .set(change)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .returning(CONVERSATION_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return toConversationOutput(row);
}

declare const locked: unique symbol;

/** A conversation whose row the current transaction has locked: only `lockConversation` makes one. */
export interface LockedConversation {
  readonly id: string;
  readonly [locked]: true;
}

/**
 * Locks the conversation row until the transaction ends, so appends to it are serialised; NOT_FOUND
 * when it is not the user's.
 */
export async function lockConversation(
  tx: Database,
  userId: string,
  id: string,
  options: { includingTrash?: boolean } = {},
): Promise<LockedConversation> {
  const conversations = usersConversationsIncluding(tx, userId, options.includingTrash ?? false);
  const row = await conversations.select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return { id } as LockedConversation;
}
