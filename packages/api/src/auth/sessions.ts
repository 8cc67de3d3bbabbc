import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, type User } from '@taskchat/db';
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

/** The unexpired session of a token and its user, or null. A signed-out session no longer exists. */
export async function resolveSession(em: EntityManager, token: string): Promise<SignedInUser | null> {
  const session = await em.findOne(
    Session,
    { tokenHash: hashSessionToken(token), expiresAt: { $gt: new Date() } },
    { populate: ['user'] },
  );
  if (!session) return null;
  if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: new Date() });
  }
  return { user: toUserOutput(session.user.getEntity()), sessionId: session.id };
}

export async function closeSession(em: EntityManager, sessionId: string, userId: string): Promise<void> {
  await em.nativeDelete(Session, { id: sessionId, user: userId });
}
