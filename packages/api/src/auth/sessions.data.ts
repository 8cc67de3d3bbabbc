import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { deviceName } from './device-name.ts';
import type { SignInOrigin } from './sign-in-origin.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';
import { toUserOutput, type UserOutput } from './users.data.ts';

export interface SignedInUser {
  user: UserOutput;
  sessionId: string;
}

/** last_seen_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Opens a session for the user, recording the user agent and address it signed in with (already
 * bounded, `signInOrigin`); returns the raw token, which is never stored. The user's expired
 * sessions go at the same time, so they do not pile up.
 */
export async function openSession(db: Database, userId: string, ttlMs: number, origin: SignInOrigin): Promise<string> {
  const token = newSessionToken();
  const now = new Date();
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb('expires_at', '<=', eb.fn<string>('now')))
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      user_id: userId,
      token_hash: hashSessionToken(token),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ttlMs),
      user_agent: origin.userAgent,
      ip: origin.ip,
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
      'users.time_zone',
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

/** A session as its user sees it in the list of their sign-ins. */
export interface SessionOutput {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The session this request was made with. */
  current: boolean;
  /** What it signed in with, in words ("Chrome on Linux", "Safari on iPhone"); null when unknown or not recorded. */
  device: string | null;
  /** The client address it signed in from; null when not recorded (in-process, or before it was). */
  address: string | null;
}

/** The user's unexpired sessions, newest sign-in first. */
export async function selectSessionPage(
  db: Database,
  userId: string,
  currentSessionId: string,
  request: PageRequest,
): Promise<Page<SessionOutput>> {
  const query = db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where((eb) => eb('expires_at', '>', eb.fn<string>('now')));
  return await keysetPage(
    query,
    {
      scope: 'sessions',
      sortColumns: ['created_at'],
      sortKinds: ['date'],
      toItem: (row) => ({
        id: row.id,
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
        expiresAt: new Date(row.expires_at),
        current: row.id === currentSessionId,
        device: deviceName(row.user_agent),
        address: row.ip,
      }),
      sortKeys: (session) => [session.createdAt],
    },
    request,
  );
}

/** Ends one of the user's sessions; NOT_FOUND when it is not theirs (or already gone). */
export async function closeSession(db: Database, userId: string, sessionId: string): Promise<void> {
  const { numDeletedRows } = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (numDeletedRows === 0n) throw notFound('Session');
}

/** Ends every session of the user but the one given; says how many ended. */
export async function closeOtherSessions(db: Database, userId: string, keptSessionId: string): Promise<number> {
  const { numDeletedRows } = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '<>', keptSessionId)
    .executeTakeFirst();
  return Number(numDeletedRows);
}
