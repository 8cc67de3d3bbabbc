import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION_TTL_MS } from '@taskchat/api';
import { postgresUrlSchema } from '@taskchat/db';
import { z } from 'zod';

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

/**
 * Which proxies may say, in X-Forwarded-For, whom they forward for: a comma-separated list of
 * addresses, CIDR ranges and range names. Unset: none; the client is the socket's address.
 */
const trustProxySchema = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()))
  .refine((entries) => entries.every((entry) => PROXY_RANGE_NAMES.has(entry) || isAddressOrRange(entry)), {
    message: 'must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  })
  .transform((entries) => entries.join(','))
  .optional();

/** Every setting the server reads from the environment, validated once at start. */
const envSchema = z
  .object({
    PORT: integer(0, 65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: postgresUrlSchema.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Proxies trusted to name the client in X-Forwarded-For (per-address limits); unset: none. */
    TRUST_PROXY: trustProxySchema,
    /** The built web app (`apps/web/dist`), served at `/`; `none`: no web app (the API alone). */
    WEB_ROOT: z
      .string()
      .default(fileURLToPath(new URL('../../web/dist', import.meta.url)))
      .transform((value) => (value === 'none' ? null : value)),
    /** Comma-separated origins allowed by CORS; empty allows none (same-origin and non-browser clients only). */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins (https://app.example.com)' }))),
    /** Lifetime of a new session, in seconds. */
    SESSION_TTL: integer(60, 365 * 24 * 3600).default(DEFAULT_SESSION_TTL_MS / 1000),
    /** Largest request body accepted, in bytes. */
    BODY_LIMIT: integer(1_024, 64 * 1024 * 1024).default(1024 * 1024),
    /** Most calls accepted in one batched request. */
    MAX_BATCH_SIZE: integer(1, 100).default(10),
    /** Connections in the ORM's pool. */
    DATABASE_POOL_SIZE: integer(1, 200).default(10),
    /** Longest wait for in-flight requests on shutdown, in milliseconds. */
    SHUTDOWN_TIMEOUT: integer(0, 120_000).default(10_000),
    /** An OpenAI-compatible API (`…/v1`) and model for the assistant; both unset: the offline assistant. */
    CHAT_MODEL_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    CHAT_MODEL: z.string().min(1).max(200).optional(),
    CHAT_MODEL_API_KEY: z.string().min(1).optional(),
    /** The assistant's instructions (system prompt); unset: the built-in ones. */
    CHAT_SYSTEM_PROMPT: z.string().min(1).max(20_000).optional(),
    /** Longest a chat turn may take, in milliseconds. */
    CHAT_TIMEOUT: integer(1_000, 600_000).default(60_000),
    /** Most model steps in one turn. */
    CHAT_MAX_STEPS: integer(1, 50).default(6),
    /** How much history (characters of the newest messages) a turn sends the model. */
    CHAT_HISTORY_CHARS: integer(1_000, 1_000_000).default(24_000),
    /** Chat turns a user may start per minute and per day; 0 is no limit. Unset: no limit outside production. */
    CHAT_TURNS_PER_MINUTE: integer(0, 100_000).optional(),
    CHAT_TURNS_PER_DAY: integer(0, 10_000_000).optional(),
    /** Wrong passwords an account, or a client address, may try before attempts are locked out. */
    SIGN_IN_FAILURES_PER_ACCOUNT: integer(1, 1_000).default(5),
    SIGN_IN_FAILURES_PER_ADDRESS: integer(1, 100_000).default(20),
    /** The first sign-in lock and the longest, in seconds (locks double from the first up to the longest). */
    SIGN_IN_FIRST_LOCK: integer(1, 3_600).default(1),
    SIGN_IN_MAX_LOCK: integer(1, 3_600).default(900),
    /** How long a refused sign-in or sign-up is held before its 429 is answered, in milliseconds. */
    REFUSAL_DELAY: integer(0, 10_000).default(1_000),
    /** Accounts one client address may create per hour; 0 is no limit. */
    SIGN_UPS_PER_HOUR: integer(0, 100_000).default(20),
    /** Password hashes (argon2: ~20 ms of a core and 19 MiB each) running at once, and waiting; past both: TOO_MANY_REQUESTS. */
    PASSWORD_HASH_CONCURRENCY: integer(1, 64).optional(),
    PASSWORD_HASH_QUEUE: integer(0, 10_000).default(16),
    /** Days a conversation stays in the trash before it is purged for good. */
    TRASH_RETENTION_DAYS: integer(1, 3_650).default(30),
    /** How often each server process purges the expired trash, in seconds. */
    TRASH_PURGE_INTERVAL: integer(10, 86_400).default(3_600),
    /** Open subscriptions (live streams) one user may hold on one server process. */
    LIVE_SUBSCRIPTIONS_PER_USER: integer(1, 10_000).default(20),
  })
  .refine((env) => (env.CHAT_MODEL_BASE_URL === undefined) === (env.CHAT_MODEL === undefined), {
    path: ['CHAT_MODEL'],
    message: 'and CHAT_MODEL_BASE_URL must be set together (or neither, for the offline assistant)',
  });

export type ServerConfig = z.output<typeof envSchema>;

export class ConfigError extends Error {}

/** Reads the configuration; a bad value throws one message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  // A URL can hold a password and a key is a secret, so only other values are echoed back.
  const secret = name.endsWith('_URL') || name.endsWith('_KEY');
  const got = secret || env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`;
  throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got}`);
}
