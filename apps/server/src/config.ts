import { DEFAULT_SESSION_TTL_MS } from '@taskchat/api';
import { postgresUrlSchema } from '@taskchat/db';
import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every setting the server reads from the environment, validated once at start. */
const envSchema = z
  .object({
    PORT: integer(0, 65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: postgresUrlSchema.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
