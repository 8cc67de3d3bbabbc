import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, type User } from '@taskchat/db';
import { toDate } from '../sql-rows.ts';
import type { SqlRunner } from '../sql-runner.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';
import { toUserOutput, type UserOutput } from './user-output.ts';

export interface SignedInUser {
  user: UserOutput;
  sessionId: string;
}

/** last_seen_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Opens a session for the user; returns the raw token, which is never stored. */
export async function openSession(em: EntityManager, user: User, ttlMs: number): Promise<string> {
  const token = newSessionToken();
  const now = new Date();
  em.create(Session, {
    user,
    tokenHash: hashSessionToken(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  });
  await em.flush();
  return token;
}

interface SessionRow {
  sessionId: string;
  lastSeenAt: string;
  id: string;
  email: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The unexpired session of a token and its user, or null (a signed-out session no longer exists).
 * Runs on every authenticated request: one indexed query, no entity hydration.
 */
export async function resolveSession(db: SqlRunner, token: string): Promise<SignedInUser | null> {
  const [row] = await db.execute<SessionRow[]>(
    `select s.id as "sessionId", s.last_seen_at as "lastSeenAt",
            u.id, u.email, u.name, u.created_at as "createdAt", u.updated_at as "updatedAt"
     from sessions s join users u on u.id = s.user_id
     where s.token_hash = ? and s.expires_at > now()`,
    [hashSessionToken(token)],
  );
  if (!row) return null;
  if (Date.now() - toDate(row.lastSeenAt).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.execute('update sessions set last_seen_at = now() where id = ?', [row.sessionId]);
  }
  return { user: toUserOutput(row), sessionId: row.sessionId };
}

export async function closeSession(em: EntityManager, sessionId: string, userId: string): Promise<void> {
  await em.nativeDelete(Session, { id: sessionId, user: userId });
}
