import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';
import { toUserOutput, type UserOutput } from './users.data.ts';

export interface SignedInUser {
  user: UserOutput;
  sessionId: string;
}

/** last_seen_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Opens a session for the user; returns the raw token, which is never stored. */
export async function openSession(db: Database, userId: string, ttlMs: number): Promise<string> {
  const token = newSessionToken();
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      user_id: userId,
      token_hash: hashSessionToken(token),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ttlMs),
    })
    .execute();
  return token;
}

/**
 * The unexpired session of a token and its user, or null (a signed-out session no longer exists).
 * Runs on every authenticated request: one indexed query.
 */
export async function resolveSession(db: Database, token: string): Promise<SignedInUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.created_at',
      'users.updated_at',
    ])
    .where('sessions.token_hash', '=', hashSessionToken(token))
    .where((eb) => eb('sessions.expires_at', '>', eb.fn<string>('now')))
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', row.session_id).execute();
  }
  return { user: toUserOutput(row), sessionId: row.session_id };
}

export async function closeSession(db: Database, userId: string, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).execute();
}
