import { resolveSession, type SignedInUser } from './auth/sessions.data.ts';
import type { ChatSettings } from './chat/chat-settings.ts';
import type { RunningTurns } from './chat/running-turns.ts';
import type { Database } from './database.ts';
import type { ChangeFeed } from './live/change-feed.ts';
import { databaseUnavailable, isDatabaseOutage } from './outage.ts';

/** What the API logs through; the server passes its pino logger. */
export interface ApiLogger {
  error(details: object, message: string): void;
}

/** Long-lived dependencies shared by every request. */
export interface ApiDeps {
  /** Typed queries on the ORM's pool (`databaseOf(orm)`). */
  db: Database;
  logger: ApiLogger;
  /** How long a new session stays valid. */
  sessionTtlMs: number;
  /** The assistant's model and limits (`chat.send`). */
  chat: ChatSettings;
  /** The turns running in this process, awaited on shutdown. */
  runningTurns: RunningTurns;
  /** This process's listener for committed changes, which subscriptions follow. */
  feed: ChangeFeed;
}

export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface Context {
  /** Typed queries on the shared pool; the first argument of every domain function. */
  db: Database;
  logger: ApiLogger;
  sessionTtlMs: number;
  chat: ChatSettings;
  runningTurns: RunningTurns;
  feed: ChangeFeed;
  /** The signed-in user and session, when the request carried a valid bearer token. */
  auth: SignedInUser | null;
}

/** Reads `Bearer <token>`; anything else counts as no token. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Failures here happen before any procedure runs, out of reach of the procedures' error logging. */
async function resolveSessionLogged(deps: ApiDeps, token: string): Promise<SignedInUser | null> {
  try {
    return await resolveSession(deps.db, token);
  } catch (error) {
    deps.logger.error({ err: error }, 'session lookup failed');
    throw isDatabaseOutage(error) ? databaseUnavailable(error) : error;
  }
}

export async function createContext(deps: ApiDeps, request: { authorization?: string | null }): Promise<Context> {
  const token = bearerToken(request.authorization);
  return {
    db: deps.db,
    logger: deps.logger,
    sessionTtlMs: deps.sessionTtlMs,
    chat: deps.chat,
    runningTurns: deps.runningTurns,
    feed: deps.feed,
    auth: token ? await resolveSessionLogged(deps, token) : null,
  };
}
