/**
 * Every setting the server reads from the environment, in one place: its name, its zod type (with
 * bounds and default), a one-line description and its unit. The server's `loadConfig` parses the
 * environment with `settingsSchema`; the API's defaults (`defaultAccountSettings`,
 * `defaultChatSettings`, `defaultHashingLimits`) read their values from `settingDefaults()`; and
 * `docs/configuration.md` is written from `settings` (configuration-doc.ts). A default is written
 * here and nowhere else.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresUrlSchema } from '@taskchat/db';
import { z } from 'zod';

/** The repository's root (the docs show paths from it). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What a number counts; a column of the documentation. */
export type SettingUnit = 'seconds' | 'ms' | 'days' | 'bytes' | 'characters';

export interface Setting<T extends z.ZodType = z.ZodType> {
  /** The value: bounds and default included (an environment variable is a string; numbers are coerced). */
  type: T;
  /** What the variable does, in one line (the documentation's text). */
  description: string;
  unit?: SettingUnit;
  /** The default under NODE_ENV=production, where it differs from `type`'s. */
  productionDefault?: z.output<T>;
  /** How the documentation shows the default when its value would mislead (computed, or machine-dependent). */
  shownDefault?: string | ((value: z.output<T>) => string);
  /** Never echoed back in an error message (a URL may hold a password; a key is a secret). */
  secret?: boolean;
}

/** Keeps the entry's own zod type (so each setting's value keeps its type). */
function setting<T extends z.ZodType>(entry: Setting<T>): Setting<T> {
  return entry;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The names proxy-addr (Fastify's `trustProxy`) knows for address ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address or a CIDR range written in full (proxy-addr would also take `2` as 0.0.0.2: a hop count misread). */
function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/** The assistant's built-in instructions (system prompt); CHAT_SYSTEM_PROMPT replaces them. */
export const DEFAULT_INSTRUCTIONS = [
  "You are Taskchat's assistant. You manage the user's todo list with the tools you have:",
  'list_tasks, add_tasks, update_task, complete_tasks, delete_tasks, reschedule_tasks, move_task and undo_last_turn.',
  'Use list_tasks to find a task before changing it; pass dates as the user said them ("tomorrow at 6") or as ISO dates.',
  'Several items in one message are several tasks in one add_tasks call. When a reference could mean more than one task, ask which.',
  'Refer to tasks by their titles, say what you changed, and keep answers short.',
].join(' ');

/** The settings, in the order the documentation lists them. */
export const settings = {
  DATABASE_URL: setting({
    type: postgresUrlSchema.optional(),
    description:
      'PostgreSQL URL (`postgres://user:pass@host:5432/db`, `?sslmode=require` for hosted PostgreSQL such as Neon); may be a transaction pooler (Neon’s pooled endpoint, PgBouncer). Unset: the embedded development server under `.data/`; required with NODE_ENV=production. Also used by the db:* scripts.',
    shownDefault: 'embedded',
    secret: true,
  }),
  DATABASE_DIRECT_URL: setting({
    type: postgresUrlSchema.optional(),
    description:
      "PostgreSQL URL past any transaction pooler, for what needs a session: migrations and their lock, the change feed's LISTEN ([database-urls.md](database-urls.md)). Checked at start: one that keeps no session (a transaction pooler) stops the server.",
    shownDefault: '`DATABASE_URL`',
    secret: true,
  }),
  PORT: setting({ type: integer(0, 65_535).default(3000), description: 'HTTP port (0 picks a free one)' }),
  HOST: setting({
    type: z.string().min(1).default('127.0.0.1'),
    description: 'interface to listen on (`0.0.0.0` for all)',
  }),
  LOG_LEVEL: setting({
    type: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino level: what the server logs',
  }),
  CORS_ORIGINS: setting({
    type: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins (https://app.example.com)' }))),
    description:
      'comma-separated origins allowed to call from a browser, e.g. `https://app.example.com`; empty allows none (same-origin and non-browser clients only)',
    shownDefault: '(none)',
  }),
  WEB_ROOT: setting({
    type: z
      .string()
      .default(join(REPOSITORY_ROOT, 'apps', 'web', 'dist'))
      .transform((value) => (value === 'none' ? null : value)),
    description: 'the web app build served at `/`; `none` serves the API alone',
    shownDefault: (value) => `\`${value === null ? 'none' : relative(REPOSITORY_ROOT, value)}\``,
  }),
  SESSION_TTL: setting({
    type: integer(60, 365 * 24 * 3600).default(30 * 24 * 3600),
    description: 'lifetime of a new session',
    unit: 'seconds',
  }),
  BODY_LIMIT: setting({
    type: integer(1_024, 64 * 1024 * 1024).default(1024 * 1024),
    description: 'largest request body accepted (413 above it)',
    unit: 'bytes',
  }),
  MAX_BATCH_SIZE: setting({
    // @taskchat/client's MAX_BATCH_SIZE is the same number (a test checks): the client cannot import this.
    type: integer(1, 100).default(10),
    description:
      'most calls in one batched request (400 above it); give the client the same `maxBatchSize` when you change it',
  }),
  RESPONSE_LIMIT: setting({
    // Ten full pages of messages (`messages.list` ends a page past 256 KiB of text) are about 3 MiB.
    type: integer(1024 * 1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
    description:
      'largest answer to one request, a batch counted whole (413 PAYLOAD_TOO_LARGE above it; a batch streamed as JSON lines is cut off there)',
    unit: 'bytes',
  }),
  HEADERS_TIMEOUT: setting({
    // Headers are at most 16 KiB (Node's limit), sent at once by any client or proxy; Node's own default is 60 s.
    type: integer(1_000, 120_000).default(10_000),
    description:
      "longest wait for a request's headers, from its first byte or the connection's opening (then 408 and the connection closes); at most REQUEST_TIMEOUT",
    unit: 'ms',
  }),
  REQUEST_TIMEOUT: setting({
    // 1 MiB (BODY_LIMIT's default) in 30 s needs 35 KB/s of the client: raise the two together.
    type: integer(1_000, 600_000).default(30_000),
    description:
      'longest wait for a whole request, headers and body (then 408); the answer is not counted, so streams outlive it; raise it with BODY_LIMIT',
    unit: 'ms',
  }),
  KEEP_ALIVE_TIMEOUT: setting({
    // Fastify's default. A balancer must close an idle connection before the server does, or a request
    // it sends as the server closes one fails (a 502); Node's own default, 5 s, is below them all.
    type: integer(1_000, 900_000).default(72_000),
    description:
      "how long an idle connection is kept open for the next request; keep it above your load balancer's idle timeout (60 s on AWS ALB)",
    unit: 'ms',
  }),
  DATABASE_POOL_SIZE: setting({ type: integer(1, 200).default(10), description: "connections in the ORM's pool" }),
  WEB_CONCURRENCY: setting({
    // Past 64 processes a machine wants more servers, not more PostgreSQL connections from one.
    type: z
      .union([z.literal('auto'), integer(1, 64)], { error: 'must be a whole number from 1 to 64, or auto' })
      .default(1)
      .transform((value) => (value === 'auto' ? Math.min(availableParallelism(), 64) : value)),
    description:
      'server processes sharing the port (node:cluster), each with its own pool of DATABASE_POOL_SIZE connections and change feed; 1–64, or `auto` for one per core (os.availableParallelism()); see [deployment.md](deployment.md#every-core-web_concurrency)',
  }),
  SHUTDOWN_TIMEOUT: setting({
    type: integer(0, 120_000).default(10_000),
    description: 'longest wait for in-flight requests (and running chat turns) on SIGTERM/SIGINT',
    unit: 'ms',
  }),
  SHUTDOWN_DRAIN_DELAY: setting({
    type: integer(0, 120_000).default(0),
    description:
      'on SIGTERM/SIGINT, how long the server goes on serving with `/readyz` answering 503 `draining` before it stops accepting connections, so a load balancer stops sending first (5000 behind one)',
    unit: 'ms',
  }),
  NODE_ENV: setting({
    type: z.string().optional(),
    description:
      '`production` turns on the production defaults (the chat quota); `development` adds stack traces to error responses: never set it so in production',
    shownDefault: '—',
  }),
  CHAT_MODEL_BASE_URL: setting({
    type: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    description:
      'an OpenAI-compatible API (`…/v1`: OpenAI, Ollama, vLLM, LM Studio, OpenRouter) for the assistant, set together with CHAT_MODEL (see [assistant.md](assistant.md#models))',
    shownDefault: '(offline assistant)',
    secret: true,
  }),
  CHAT_MODEL: setting({
    type: z.string().min(1).max(200).optional(),
    description: "the model's name at CHAT_MODEL_BASE_URL, set together with it",
    shownDefault: '(offline assistant)',
  }),
  CHAT_MODEL_API_KEY: setting({
    type: z.string().min(1).optional(),
    description: "the API's key, if it needs one (never logged or echoed)",
    shownDefault: '—',
    secret: true,
  }),
  CHAT_SYSTEM_PROMPT: setting({
    type: z.string().min(1).max(20_000).default(DEFAULT_INSTRUCTIONS),
    description: "the assistant's instructions (system prompt)",
    shownDefault: 'built in',
  }),
  CHAT_TIMEOUT: setting({
    type: integer(1_000, 600_000).default(60_000),
    description: 'longest chat turn, model and tools together (then `MODEL_TIMEOUT`)',
    unit: 'ms',
  }),
  CHAT_MAX_STEPS: setting({ type: integer(1, 50).default(6), description: 'most model steps (calls) in one turn' }),
  CHAT_HISTORY_CHARS: setting({
    type: integer(1_000, 1_000_000).default(24_000),
    description: 'history sent to the model: the newest messages within this many characters',
    unit: 'characters',
  }),
  CHAT_TURNS_PER_MINUTE: setting({
    type: integer(0, 100_000).default(0),
    productionDefault: 20,
    description: 'chat turns a user may start per minute (then TOO_MANY_REQUESTS with `retryAfter`); 0 is no limit',
  }),
  CHAT_TURNS_PER_DAY: setting({
    type: integer(0, 10_000_000).default(0),
    productionDefault: 500,
    description: 'chat turns a user may start per day (then TOO_MANY_REQUESTS with `retryAfter`); 0 is no limit',
  }),
  CHAT_TOKENS_PER_DAY: setting({
    // About a hundred turns with a full history on a hosted model: a day of heavy use, while a
    // runaway script costs at most a few dollars a day (gpt-4o-mini prices).
    type: integer(0, 1_000_000_000).default(0),
    productionDefault: 2_000_000,
    description:
      "model tokens (input and output) a user's turns may use in the last 24 hours; a turn starts only while they are under it (then TOO_MANY_REQUESTS with `retryAfter`); 0 is no limit",
  }),
  TRUST_PROXY: setting({
    type: z
      .string()
      .transform((value) => value.split(',').map((entry) => entry.trim()))
      .refine((entries) => entries.every((entry) => PROXY_RANGE_NAMES.has(entry) || isAddressOrRange(entry)), {
        message: 'must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
      })
      .transform((entries) => entries.join(','))
      .optional(),
    description:
      "proxies trusted to name the client in `X-Forwarded-For` (per-address limits): comma-separated addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`; unset: the socket's address",
    shownDefault: '(none)',
  }),
  SIGN_IN_FAILURES_PER_ACCOUNT: setting({
    type: integer(1, 1_000).default(5),
    description: 'wrong passwords an account may get before attempts on it are locked out',
  }),
  SIGN_IN_FAILURES_PER_ADDRESS: setting({
    type: integer(1, 100_000).default(20),
    description: 'wrong passwords a client address may send (for any accounts) before its attempts are locked out',
  }),
  SIGN_IN_FIRST_LOCK: setting({
    type: integer(1, 3_600).default(1),
    description: 'the first sign-in lock; each later one doubles it, up to SIGN_IN_MAX_LOCK',
    unit: 'seconds',
  }),
  SIGN_IN_MAX_LOCK: setting({
    type: integer(1, 3_600).default(900),
    description: 'the longest sign-in lock (one below SIGN_IN_FIRST_LOCK counts as SIGN_IN_FIRST_LOCK)',
    unit: 'seconds',
  }),
  REFUSAL_DELAY: setting({
    type: integer(0, 10_000).default(1_000),
    description: 'how long a refused sign-in, sign-up or password check is held before its 429 is answered',
    unit: 'ms',
  }),
  SIGN_UPS_PER_HOUR: setting({
    type: integer(0, 100_000).default(20),
    description: 'accounts one client address may create per hour; 0 is no limit',
  }),
  PASSWORD_HASH_CONCURRENCY: setting({
    // One hash per core but one: the event loop and PostgreSQL keep a core while a flood hashes.
    type: integer(1, 64).default(() => Math.max(1, availableParallelism() - 1)),
    description:
      'argon2 hashes (~20 ms of a core and 19 MiB each) and new-password strength checks (~20 ms, at most ~40) running at once in one process',
    shownDefault: 'cores − 1 (at least 1)',
  }),
  PASSWORD_HASH_QUEUE: setting({
    // About a third of a second's work.
    type: integer(0, 10_000).default(16),
    description:
      'hashes and strength checks waiting for a turn; past these, sign-in, sign-up, password change and account deletion answer TOO_MANY_REQUESTS at once',
  }),
  TRASH_RETENTION_DAYS: setting({
    type: integer(1, 3_650).default(30),
    description: 'days a deleted conversation or task stays in the trash before it is purged for good',
    unit: 'days',
  }),
  TRASH_PURGE_INTERVAL: setting({
    type: integer(10, 86_400).default(3_600),
    description: 'how often each server process purges the expired trash',
    unit: 'seconds',
  }),
  PROJECTS_PER_USER: setting({
    type: integer(1, 100_000).default(300),
    description:
      'projects one user may have, the Inbox and archived ones included (then `projects.create` answers BAD_REQUEST)',
  }),
  BRANCHES_PER_MESSAGE: setting({
    type: integer(1, 10_000).default(100),
    description:
      'messages that may follow one message, its edits and regenerated answers (then `chat.send` and `chat.regenerate` answer BAD_REQUEST)',
  }),
  SHARES_PER_USER: setting({
    type: integer(1, 100_000).default(100),
    description: 'share links one user may hold at once (then `conversations.share` answers BAD_REQUEST)',
  }),
  REMINDER_POLL_INTERVAL: setting({
    type: integer(50, 60_000).default(1_000),
    description:
      'how often each server process delivers the reminders that came due (a reminder arrives at most about this late); after an outage it retries with backoff up to 30 s',
    unit: 'ms',
  }),
  REMINDER_BATCH_SIZE: setting({
    type: integer(1, 10_000).default(500),
    description:
      'reminders one delivery statement claims and delivers at most; a full batch is followed by the next at once',
  }),
  IMPORTS_PER_MINUTE: setting({
    type: integer(0, 100_000).default(60),
    description:
      'conversation imports one user may start per minute (then TOO_MANY_REQUESTS with `retryAfter`); 0 is no limit. One import of a user runs at a time',
  }),
  IMPORT_TIMEOUT: setting({
    type: integer(100, 120_000).default(10_000),
    description:
      'longest one statement of an import may run, so an import cannot hold a connection for long (then TOO_MANY_REQUESTS, nothing kept)',
    unit: 'ms',
  }),
  TASKS_PER_USER: setting({
    type: integer(1, 10_000_000).default(20_000),
    description:
      'tasks one user may hold (the trash included); past them tasks.create and tasks.quickAdd answer BAD_REQUEST',
  }),
  LABELS_PER_USER: setting({
    type: integer(1, 1_000_000).default(500),
    description: 'labels one user may hold; past them a task naming a new label answers BAD_REQUEST',
  }),
  LIVE_SUBSCRIPTIONS_PER_USER: setting({
    type: integer(1, 10_000).default(20),
    description: 'open live streams (subscriptions) one user may hold on one server process',
  }),
  LIVE_SUBSCRIPTIONS_PER_ADDRESS: setting({
    type: integer(0, 1_000_000).default(100),
    description:
      'open live streams one client address (an IPv6 /64) may hold on one server process, whoever is signed in; 0 is no limit (behind a proxy, set TRUST_PROXY first)',
  }),
  LIVE_SUBSCRIPTIONS_PER_PROCESS: setting({
    type: integer(1, 1_000_000).default(10_000),
    description: 'open live streams one server process holds at most; past them a new one is TOO_MANY_REQUESTS',
  }),
  PUBLIC_URL: setting({
    type: z
      .url({ protocol: /^https?$/, message: 'must be the http(s) address people reach the server at' })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    description:
      'the address people and MCP clients reach this server at, e.g. `https://tasks.example.com`: the OAuth issuer, and `<PUBLIC_URL>/mcp` the resource its tokens are bound to; unset, `http://localhost:<PORT>`',
  }),
  MCP_REQUESTS_PER_MINUTE: setting({
    type: integer(0, 1_000_000).default(300),
    description: 'requests one MCP token (personal or OAuth) may send to /mcp in a minute; 0 is no limit',
  }),
  MCP_TOOL_CALLS_PER_MINUTE: setting({
    type: integer(0, 1_000_000).default(120),
    description: 'tool calls one MCP token may make in a minute (counted apart from other requests); 0 is no limit',
  }),
  MCP_BODY_LIMIT: setting({
    type: integer(1_024, 10 * 1024 * 1024).default(256 * 1024),
    unit: 'bytes',
    description: 'the largest request body /mcp reads; a larger one is 413 before anything is parsed',
  }),
  OAUTH_ACCESS_TOKEN_TTL: setting({
    type: integer(60, 86_400).default(3_600),
    unit: 'seconds',
    description: 'how long an OAuth access token for /mcp lasts; the client refreshes it with its refresh token',
  }),
  OAUTH_REFRESH_TOKEN_TTL: setting({
    type: integer(3_600, 365 * 86_400).default(30 * 86_400),
    unit: 'seconds',
    description: 'how long an OAuth refresh token lasts unused (each refresh issues a new one)',
  }),
  OAUTH_REGISTRATIONS_PER_HOUR: setting({
    type: integer(0, 1_000_000).default(20),
    description:
      'OAuth clients one address (an IPv6 /64) may register in an hour (dynamic registration is open to anyone); 0 is no limit',
  }),
  OAUTH_AUTHORIZATIONS_PER_MINUTE: setting({
    type: integer(0, 1_000_000).default(60),
    description:
      'OAuth authorization requests (each begins a consent, stored for 10 minutes) one address may send in a minute; 0 is no limit',
  }),
  METRICS_PORT: setting({
    type: integer(1, 65_535).optional(),
    description:
      'serve `GET /metrics` (Prometheus) on this port of its own, on METRICS_HOST; unset, no such listener ([metrics.md](metrics.md))',
    shownDefault: '—',
  }),
  METRICS_HOST: setting({
    type: z.string().min(1).default('127.0.0.1'),
    description: "the interface METRICS_PORT listens on (keep it private: a scraper's network, not the internet)",
  }),
  METRICS_TOKEN: setting({
    type: z
      .string()
      .regex(/^[A-Za-z0-9._~+/=-]{16,200}$/, 'must be 16 to 200 letters, digits or ._~+/=-')
      .optional(),
    description:
      'serve `GET /metrics` on the main port too, only to `Authorization: Bearer <METRICS_TOKEN>`; unset, the main port has no /metrics',
    shownDefault: '—',
    secret: true,
  }),
};

export type SettingName = keyof typeof settings;

/** The settings as a list, each entry loosely typed (for code that reads any setting). */
export function settingEntries(): [SettingName, Setting][] {
  return Object.entries(settings) as unknown as [SettingName, Setting][];
}

type Shape = { [Name in SettingName]: (typeof settings)[Name]['type'] };

const shape = Object.fromEntries(Object.entries(settings).map(([name, entry]) => [name, entry.type])) as Shape;

/** Under NODE_ENV=production, the production defaults of the variables left unset. */
function withProductionDefaults(env: unknown): unknown {
  if (typeof env !== 'object' || env === null || (env as { NODE_ENV?: unknown }).NODE_ENV !== 'production') return env;
  const defaults = settingEntries().flatMap(([name, entry]) =>
    entry.productionDefault === undefined ? [] : [[name, entry.productionDefault] as const],
  );
  const unset = defaults.filter(([name]) => (env as Record<string, unknown>)[name] === undefined);
  return { ...env, ...Object.fromEntries(unset) };
}

/** The environment's schema: every setting, the production defaults, and the rules between settings. */
export const settingsSchema = z.preprocess(
  withProductionDefaults,
  z
    .object(shape)
    .refine((env) => (env.CHAT_MODEL_BASE_URL === undefined) === (env.CHAT_MODEL === undefined), {
      path: ['CHAT_MODEL'],
      message: 'and CHAT_MODEL_BASE_URL must be set together (or neither, for the offline assistant)',
    })
    .refine((env) => env.HEADERS_TIMEOUT <= env.REQUEST_TIMEOUT, {
      path: ['HEADERS_TIMEOUT'],
      message: 'must be at most REQUEST_TIMEOUT (the whole request includes its headers)',
    }),
);

/** Every setting's value, as the server reads them. */
export type Settings = z.output<typeof settingsSchema>;

/** The settings with nothing set (outside production): every default. */
export function settingDefaults(): Settings {
  return settingsSchema.parse({});
}

/** One setting's default (outside production). */
export function settingDefault<Name extends SettingName>(name: Name): Settings[Name] {
  return settings[name].type.parse(undefined) as Settings[Name];
}
