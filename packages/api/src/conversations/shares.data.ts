import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';

/** Share links: every statement is scoped by the owner's id, except finding a link by its secret's hash. */

export interface ShareOutput {
  id: string;
  conversationId: string;
  /** The conversation's title when it was shared. */
  title: string | null;
  /** The messages of the shared branch. */
  messageCount: number;
  createdAt: Date;
}

const SHARE_COLUMNS = ['id', 'conversation_id', 'title', 'message_count', 'created_at'] as const;

function toShareOutput(row: {
  id: string;
  conversation_id: string;
  title: string | null;
  message_count: number;
  created_at: string;
}): ShareOutput {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    title: row.title,
    messageCount: row.message_count,
    createdAt: new Date(row.created_at),
  };
}

export async function countShares(db: Database, userId: string): Promise<number> {
  const row = await db
    .selectFrom('conversation_shares')
    .select((eb) => eb.fn.countAll<string>().as('shares'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.shares);
}

export async function insertShare(
  db: Database,
  userId: string,
  share: { conversationId: string; leafId: string; title: string | null; messageCount: number; tokenHash: string },
): Promise<ShareOutput> {
  const row = await db
    .insertInto('conversation_shares')
    .values({
      id: newId(),
      user_id: userId,
      conversation_id: share.conversationId,
      leaf_id: share.leafId,
      title: share.title,
      message_count: share.messageCount,
      token_hash: share.tokenHash,
      created_at: new Date(),
    })
    .returning(SHARE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toShareOutput(row);
}

/** The user's share links, newest first (at most the per-user cap, so one read). */
export async function selectShares(db: Database, userId: string): Promise<ShareOutput[]> {
  const rows = await db
    .selectFrom('conversation_shares')
    .select(SHARE_COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toShareOutput);
}

/** Deletes one of the user's share links; false when it is not theirs (or already gone). */
export async function deleteShare(db: Database, userId: string, shareId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('conversation_shares')
    .where('id', '=', shareId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A share link as its page reads it: whose branch, ending where, titled how. */
export interface SharedSnapshot {
  userId: string;
  conversationId: string;
  leafId: string;
  title: string | null;
  messageCount: number;
  createdAt: Date;
}

/**
 * The share link with this secret's hash, unless it was revoked or its conversation is in the
 * trash (a link to a trashed conversation shows nothing until it is restored).
 */
export async function findShareByTokenHash(db: Database, tokenHash: string): Promise<SharedSnapshot | undefined> {
  const row = await db
    .selectFrom('conversation_shares as s')
    .innerJoin('conversations as c', (join) =>
      join.onRef('c.id', '=', 's.conversation_id').onRef('c.user_id', '=', 's.user_id'),
    )
    .select(['s.user_id', 's.conversation_id', 's.leaf_id', 's.title', 's.message_count', 's.created_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('c.deleted_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      userId: row.user_id,
      conversationId: row.conversation_id,
      leafId: row.leaf_id,
      title: row.title,
      messageCount: row.message_count,
      createdAt: new Date(row.created_at),
    }
  );
}
