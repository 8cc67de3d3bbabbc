import { type AccountSettings, defaultAccountSettings } from './auth/account-settings.ts';
import { PasswordHasher } from './auth/password-hasher.ts';
import { resolveSession, type SignedInUser } from './auth/sessions.data.ts';
import { type ChatSettings, defaultChatSettings } from './chat/chat-settings.ts';
import { RunningTurns } from './chat/running-turns.ts';
import type { Database } from './database.ts';
import type { ChangeFeed } from './live/change-feed.ts';
import { databaseUnavailable, isDatabaseOutage } from './outage.ts';
import { OutageLog } from './outage-log.ts';

/** What the API logs through; the server passes its pino logger. */
export interface ApiLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Long-lived dependencies shared by every request. */
export interface ApiDeps {
  /** Typed queries on the ORM's pool (`databaseOf(orm)`). */
  db: Database;
  logger: ApiLogger;
  /** Sessions, the sign-in throttle and sign-up limits. */
  accounts: AccountSettings;
  /** argon2 hashing, bounded for the whole process. */
  passwords: PasswordHasher;
  /** Logs each database outage once, not once per request. */
  outages: OutageLog;
  /** The assistant's model and limits (`chat.send`). */
  chat: ChatSettings;
  /** The turns running in this process, awaited on shutdown. */
  runningTurns: RunningTurns;
  /** This process's listener for committed changes, which subscriptions follow. */
  feed: ChangeFeed;
}

/** The dependencies, with the defaults (offline assistant, default limits) for what is not given. */
export function createApiDeps(
  required: Pick<ApiDeps, 'db' | 'logger' | 'feed'>,
  overrides: Partial<ApiDeps> = {},
): ApiDeps {
  return {
    accounts: defaultAccountSettings(),
    passwords: new PasswordHasher(),
    outages: new OutageLog(required.logger),
    chat: defaultChatSettings(),
    runningTurns: new RunningTurns(),
    ...required,
    ...overrides,
  };
}

export interface Context extends ApiDeps {
  /** The signed-in user and session, when the request carried a valid bearer token. */
  auth: SignedInUser | null;
  /** Where the request came from (per-address limits); null for in-process callers. */
  clientAddress: string | null;
}

/** What a request brings: its Authorization header and the client's address. */
export interface RequestInfo {
  authorization?: string | null | undefined;
  clientAddress?: string | null | undefined;
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
    if (!isDatabaseOutage(error)) {
      deps.logger.error({ err: error }, 'session lookup failed');
      throw error;
    }
    deps.outages.failed(error, 'session lookup');
    throw databaseUnavailable(error);
  }
}

export async function createContext(deps: ApiDeps, request: RequestInfo): Promise<Context> {
  const token = bearerToken(request.authorization);
  return {
    ...deps,
    auth: token ? await resolveSessionLogged(deps, token) : null,
    clientAddress: request.clientAddress ?? null,
  };
}
