import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { resolveSession, type SignedInUser } from './auth/sessions.ts';
import type { SqlRunner } from './sql-runner.ts';

/** What the API logs through; the server passes its pino logger. */
export interface ApiLogger {
  error(details: object, message: string): void;
}

/** Long-lived dependencies shared by every request. */
export interface ApiDeps {
  orm: MikroORM;
  logger: ApiLogger;
  /** How long a new session stays valid. */
  sessionTtlMs: number;
}

export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface Context {
  /** Hand-written SQL on the shared pool (the hot paths); nothing to fork. */
  db: SqlRunner;
  /**
   * For unit-of-work code: an EntityManager forked for this request on the first call, so its
   * identity map never outlives the request or leaks between users, and requests that never use
   * it do not pay for it. A function, not a getter, because tRPC copies the context by spreading.
   */
  em: () => EntityManager;
  logger: ApiLogger;
  sessionTtlMs: number;
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
    return await resolveSession(deps.orm.em, token);
  } catch (error) {
    deps.logger.error({ err: error }, 'session lookup failed');
    throw error;
  }
}

export async function createContext(deps: ApiDeps, request: { authorization?: string | null }): Promise<Context> {
  const db = deps.orm.em;
  const token = bearerToken(request.authorization);
  let em: EntityManager | undefined;
  return {
    db,
    em: () => {
      em ??= deps.orm.em.fork();
      return em;
    },
    logger: deps.logger,
    sessionTtlMs: deps.sessionTtlMs,
    auth: token ? await resolveSessionLogged(deps, token) : null,
  };
}
