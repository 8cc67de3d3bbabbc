import { msAgo } from '../clock.data.ts';
import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { CONVERSATION_COLUMNS, type ConversationOutput, toConversationOutput } from './conversations.data.ts';

/**
 * The trash: `conversations.delete` moves a conversation here (its messages stay with it), where
 * only these functions see it; it is restored, purged by hand, or purged for good once it has been
 * here longer than the retention period.
 */

export interface TrashedConversationOutput extends ConversationOutput {
  deletedAt: Date;
}

/** Moves one of the user's conversations to the trash; NOT_FOUND when missing, another's or there already. */
export async function moveToTrash(db: Database, userId: string, id: string): Promise<{ id: string }> {
  const row = await db
    .updateTable('conversations')
    .set((eb) => ({ deleted_at: eb.fn<Date>('now') }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

/** Brings a conversation back from the trash, with its messages, where it was in the list. */
export async function restoreFromTrash(db: Database, userId: string, id: string): Promise<ConversationOutput> {
  const row = await db
    .updateTable('conversations')
    .set({ deleted_at: null })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .returning(CONVERSATION_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return toConversationOutput(row);
}

/** What is in the user's trash, most recently deleted first. */
export async function selectTrashPage(
  db: Database,
  userId: string,
  request: PageRequest,
): Promise<Page<TrashedConversationOutput>> {
  const query = db
    .selectFrom('conversations')
    .select([...CONVERSATION_COLUMNS, 'deleted_at'])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null);
  return await keysetPage(
    query,
    {
      scope: 'trash',
      sortColumns: ['deleted_at'],
      sortKinds: ['date'],
      toItem: (row) => ({ ...toConversationOutput(row), deletedAt: new Date(row.deleted_at as string) }),
      sortKeys: (conversation) => [conversation.deletedAt],
    },
    request,
  );
}

/** Deletes a conversation in the trash for good, its messages with it (ON DELETE CASCADE). */
export async function deleteTrashed(db: Database, userId: string, id: string): Promise<{ id: string }> {
  const row = await db
    .deleteFrom('conversations')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

/**
 * Purges, for every user, what has been in the trash longer than `retentionMs`, `batchSize`
 * conversations per transaction, until none is left; returns how many went. Safe on several
 * processes at once: each batch skips rows another one has locked.
 */
export async function purgeExpiredTrash(db: Database, retentionMs: number, batchSize = 500): Promise<number> {
  let purged = 0;
  for (;;) {
    const expired = db
      .selectFrom('conversations')
      .select('id')
      .where((eb) => eb('deleted_at', '<', msAgo(eb, retentionMs)))
      .limit(batchSize)
      .forUpdate()
      .skipLocked();
    const { numDeletedRows } = await db.deleteFrom('conversations').where('id', 'in', expired).executeTakeFirst();
    purged += Number(numDeletedRows);
    if (numDeletedRows < BigInt(batchSize)) return purged;
  }
}
