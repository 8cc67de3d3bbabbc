import { TRPCError } from '@trpc/server';
import { type AccountSettings, defaultAccountSettings } from './auth/account-settings.ts';
import { PasswordHasher } from './auth/password-hasher.ts';
import { resolveSession, type SignedInUser } from './auth/sessions.data.ts';
import { type ChatSettings, defaultChatSettings } from './chat/chat-settings.ts';
import { RunningTurns } from './chat/running-turns.ts';
import { type ConversationSettings, defaultConversationSettings } from './conversations/conversation-settings.ts';
import { defaultImportSettings, type ImportSettings } from './conversations/import-settings.ts';
import type { Database } from './database.ts';
import { toTRPCError } from './error-map.ts';
import type { ChangeFeed } from './live/change-feed.ts';
import type { ApiLogger } from './logger.ts';
import type { OAuthConsent } from './oauth/oauth-consent.ts';
import { OutageLog } from './outage-log.ts';
import { defaultProjectSettings, type ProjectSettings } from './projects/project-settings.ts';
import { defaultTaskSettings, type TaskSettings } from './tasks/task-settings.ts';

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
  /** The import limits (`conversations.import`). */
  imports: ImportSettings;
  /** The per-user caps of tasks and labels (`tasks.create`, `tasks.quickAdd`). */
  tasks: TaskSettings;
  /** The per-user cap of projects (`projects.create`). */
  projects: ProjectSettings;
  /** The caps on branches and share links (`chat.send`, `chat.regenerate`, `conversations.share`). */
  conversations: ConversationSettings;
  /** The turns running in this process, awaited on shutdown. */
  runningTurns: RunningTurns;
  /** This process's listener for committed changes, which subscriptions follow. */
  feed: ChangeFeed;
  /** The OAuth server's consent, for `oauth.consent.*`; null where no OAuth server runs (in-process callers). */
  oauth: OAuthConsent | null;
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
    imports: defaultImportSettings(),
    tasks: defaultTaskSettings(),
    projects: defaultProjectSettings(),
    conversations: defaultConversationSettings(),
    runningTurns: new RunningTurns(),
    oauth: null,
    ...required,
    ...overrides,
  };
}

export interface Context extends ApiDeps {
  /** The signed-in user and session, when the request carried a valid bearer token. */
  auth: SignedInUser | null;
  /** Where the request came from (per-address limits); null for in-process callers. */
  clientAddress: string | null;
  /** The request's User-Agent header, as sent (a session records it, bounded); null for in-process callers. */
  userAgent: string | null;
  /**
   * Whether a streamed answer (an async iterable) can reach the caller: an HTTP batch that accepts
   * JSON lines (`trpc-accept: application/jsonl`, what `httpBatchStreamLink` sends), or an
   * in-process caller (it iterates itself). `streamedProcedure` refuses before running otherwise.
   */
  canStream: boolean;
  /** The request's Cookie header: only an OAuth consent reads it (it belongs to the browser that began it). */
  cookie: string | null;
}

/**
 * The context behind `protectedProcedure`: the caller is signed in. A domain function takes the
 * part it needs (`Pick<SignedInContext, 'db' | 'userId'>`, …) and its input: `(ctx, input)`.
 */
export interface SignedInContext extends Context {
  auth: SignedInUser;
  /** The caller's id: every statement on user data is scoped by it. */
  userId: string;
  /** The session the request came with. */
  sessionId: string;
}

/** What most domain functions need: the database and whose data it is. */
export type UserScope = Pick<SignedInContext, 'db' | 'userId'>;

/** What the functions that add tasks or labels need: the caller and the caps. */
export type TaskScope = Pick<SignedInContext, 'db' | 'userId' | 'tasks'>;

/** A subscription's context also carries its stream's signal: the client left, or the stream's time is up. */
export interface StreamSignal {
  signal?: AbortSignal | undefined;
}

/**
 * What a request brings: its Authorization header, the client's address, its User-Agent header,
 * whether its answer can stream (default no), and its Cookie header.
 */
export interface RequestInfo {
  authorization?: string | null | undefined;
  clientAddress?: string | null | undefined;
  userAgent?: string | null | undefined;
  canStream?: boolean | undefined;
  cookie?: string | null | undefined;
}

/** Who is calling, for `protectedProcedure` and the routes beside /trpc; UNAUTHORIZED without a valid session. */
export function signedInCaller(ctx: Context): Pick<SignedInContext, 'auth' | 'userId' | 'sessionId'> {
  const { auth } = ctx;
  if (!auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return { auth, userId: auth.user.id, sessionId: auth.sessionId };
}

/** Reads `Bearer <token>`; anything else counts as no token. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Failures here happen before any procedure runs, out of reach of the procedures' error map. */
async function resolveSessionLogged(deps: ApiDeps, token: string): Promise<SignedInUser | null> {
  try {
    return await resolveSession(deps.db, token);
  } catch (error) {
    throw toTRPCError(error, deps, { what: 'session lookup' });
  }
}

export async function createContext(deps: ApiDeps, request: RequestInfo): Promise<Context> {
  const token = bearerToken(request.authorization);
  return {
    ...deps,
    auth: token ? await resolveSessionLogged(deps, token) : null,
    clientAddress: request.clientAddress ?? null,
    userAgent: request.userAgent ?? null,
    canStream: request.canStream ?? false,
    cookie: request.cookie ?? null,
  };
}
