import { availableParallelism } from 'node:os';
import {
  DEFAULT_SESSION_TTL_MS,
  defaultAccountSettings,
  defaultChatSettings,
  defaultHashingLimits,
} from '@taskchat/api';
import { accountSettingsFrom, chatLimitsFrom, hashingLimitsFrom } from '@taskchat/api/settings';
import { MAX_BATCH_SIZE } from '@taskchat/client';
import { describe, expect, it } from 'vitest';
import { chatSettingsFrom } from '../src/chat-settings.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('names the bad variable and echoes its value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT .*"eighty"/);
  });

  it('never echoes a URL, which may hold a password', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db.example.com/app' });
    expect(attempt).toThrow(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL$/);
    expect(attempt).not.toThrow(/s3cret|got/);
  });
});

describe('configuration values', () => {
  it('splits CORS_ORIGINS on commas, trims, and drops empty entries', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example.com, , https://b.example.com ,' }).CORS_ORIGINS).toEqual([
      'https://a.example.com',
      'https://b.example.com',
    ]);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
  });

  it('treats an empty variable as unset (its default applies)', () => {
    expect(loadConfig({ PORT: '', SESSION_TTL: '' })).toMatchObject({ PORT: 3000, SESSION_TTL: 2_592_000 });
  });

  it('says what is wrong with the value', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(
      'Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins (https://app.example.com) (got "not a url")',
    );
  });
});

describe('the deadlines and the bound on an answer', () => {
  it('default to 10 s for headers, 30 s for a whole request, 72 s for an idle connection, 4 MiB for an answer', () => {
    expect(loadConfig({})).toMatchObject({
      HEADERS_TIMEOUT: 10_000,
      REQUEST_TIMEOUT: 30_000,
      KEEP_ALIVE_TIMEOUT: 72_000,
      RESPONSE_LIMIT: 4 * 1024 * 1024,
    });
  });

  it('refuse headers given longer than the whole request, and values out of bounds', () => {
    expect(() => loadConfig({ HEADERS_TIMEOUT: '20000', REQUEST_TIMEOUT: '15000' })).toThrow(
      'Invalid configuration: HEADERS_TIMEOUT must be at most REQUEST_TIMEOUT (the whole request includes its headers) (got "20000")',
    );
    expect(loadConfig({ HEADERS_TIMEOUT: '15000', REQUEST_TIMEOUT: '15000' }).HEADERS_TIMEOUT).toBe(15_000);
    expect(() => loadConfig({ REQUEST_TIMEOUT: '0' })).toThrow('Invalid configuration: REQUEST_TIMEOUT');
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT: '999' })).toThrow('Invalid configuration: KEEP_ALIVE_TIMEOUT');
    expect(() => loadConfig({ RESPONSE_LIMIT: String(1024 * 1024 - 1) })).toThrow(
      'Invalid configuration: RESPONSE_LIMIT',
    );
  });
});

describe('the assistant settings', () => {
  it('default to the offline assistant with a one-minute, six-step turn', () => {
    expect(loadConfig({})).toMatchObject({ CHAT_TIMEOUT: 60_000, CHAT_MAX_STEPS: 6, CHAT_HISTORY_CHARS: 24_000 });
    expect(loadConfig({}).CHAT_MODEL).toBeUndefined();
  });

  it('have no quota outside production, 20 turns a minute, 500 a day and 2,000,000 tokens a day in production, unless set', () => {
    expect(chatSettingsFrom(loadConfig({}))).toMatchObject({ turnsPerMinute: 0, turnsPerDay: 0, tokensPerDay: 0 });
    expect(chatSettingsFrom(loadConfig({ NODE_ENV: 'development' }))).toMatchObject({ turnsPerMinute: 0 });
    expect(chatSettingsFrom(loadConfig({ NODE_ENV: 'production' }))).toMatchObject({
      turnsPerMinute: 20,
      turnsPerDay: 500,
      tokensPerDay: 2_000_000,
    });
    expect(chatSettingsFrom(loadConfig({ NODE_ENV: 'production', CHAT_TOKENS_PER_DAY: '0' })).tokensPerDay).toBe(0);
    const set = loadConfig({ NODE_ENV: 'production', CHAT_TURNS_PER_MINUTE: '0', CHAT_TURNS_PER_DAY: '7' });
    expect(chatSettingsFrom(set)).toMatchObject({ turnsPerMinute: 0, turnsPerDay: 7 });
    // An empty variable is unset: the production default applies.
    expect(loadConfig({ NODE_ENV: 'production', CHAT_TURNS_PER_MINUTE: '' }).CHAT_TURNS_PER_MINUTE).toBe(20);
    expect(() => loadConfig({ NODE_ENV: 'production', CHAT_TURNS_PER_DAY: '-1' })).toThrow(
      'Invalid configuration: CHAT_TURNS_PER_DAY',
    );
  });

  it('take CHAT_SYSTEM_PROMPT, else the built-in instructions', () => {
    expect(chatSettingsFrom(loadConfig({})).instructions).toBe(defaultChatSettings().instructions);
    expect(chatSettingsFrom(loadConfig({ CHAT_SYSTEM_PROMPT: 'Be brief.' })).instructions).toBe('Be brief.');
  });

  it('want a model and its base URL together, and never echo the URL or the key', () => {
    expect(() => loadConfig({ CHAT_MODEL: 'gpt-4o-mini' })).toThrow(
      'Invalid configuration: CHAT_MODEL and CHAT_MODEL_BASE_URL must be set together (or neither, for the offline assistant)',
    );
    expect(() => loadConfig({ CHAT_MODEL_BASE_URL: 'ftp://secret@example.com', CHAT_MODEL: 'm' })).toThrow(
      /^Invalid configuration: CHAT_MODEL_BASE_URL must be an http\(s\) URL$/,
    );
    expect(loadConfig({ CHAT_MODEL_BASE_URL: 'http://127.0.0.1:11434/v1', CHAT_MODEL: 'llama3.2' })).toMatchObject({
      CHAT_MODEL: 'llama3.2',
    });
    expect(() => loadConfig({ CHAT_MAX_STEPS: '0' })).toThrow('Invalid configuration: CHAT_MAX_STEPS');
  });

  it('describe the assistant by the model and the host of its URL alone (a URL may hold a password)', () => {
    expect(chatSettingsFrom(loadConfig({})).assistant).toEqual({ kind: 'offline' });
    const config = loadConfig({ CHAT_MODEL_BASE_URL: 'https://me:pw@llm.example.com:8443/v1', CHAT_MODEL: 'llama3.2' });
    expect(chatSettingsFrom(config).assistant).toEqual({
      kind: 'model',
      model: 'llama3.2',
      host: 'llm.example.com:8443',
    });
  });
});

describe('the account limits', () => {
  it('default to 5 failures per account, 20 per address, 15-minute locks, refusals held 1 s, 20 sign-ups per address an hour', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      SIGN_IN_FAILURES_PER_ACCOUNT: 5,
      SIGN_IN_FAILURES_PER_ADDRESS: 20,
      SIGN_IN_FIRST_LOCK: 1,
      SIGN_IN_MAX_LOCK: 900,
      SIGN_UPS_PER_HOUR: 20,
      PASSWORD_HASH_QUEUE: 16,
    });
    expect(config.TRUST_PROXY).toBeUndefined();
    expect(accountSettingsFrom(config)).toEqual({
      sessionTtlMs: 2_592_000_000,
      signInThrottle: { freeFailuresPerAccount: 5, freeFailuresPerAddress: 20, firstLockMs: 1_000, maxLockMs: 900_000 },
      signUpsPerHour: 20,
      refusalDelayMs: 1_000,
    });
    expect(hashingLimitsFrom(config)).toEqual({ concurrency: Math.max(1, availableParallelism() - 1), queue: 16 });
    expect(hashingLimitsFrom(loadConfig({ PASSWORD_HASH_CONCURRENCY: '3', PASSWORD_HASH_QUEUE: '0' }))).toEqual({
      concurrency: 3,
      queue: 0,
    });
    expect(() => loadConfig({ SIGN_IN_MAX_LOCK: '7200' })).toThrow('Invalid configuration: SIGN_IN_MAX_LOCK');
    // A longest lock below the first is the first.
    expect(
      accountSettingsFrom(loadConfig({ SIGN_IN_FIRST_LOCK: '60', SIGN_IN_MAX_LOCK: '30' })).signInThrottle,
    ).toMatchObject({
      firstLockMs: 60_000,
      maxLockMs: 60_000,
    });
    expect(() => loadConfig({ SIGN_IN_FAILURES_PER_ACCOUNT: '0' })).toThrow(
      'Invalid configuration: SIGN_IN_FAILURES_PER_ACCOUNT',
    );
  });

  it('take TRUST_PROXY as addresses, CIDR ranges and range names, and refuse anything else', () => {
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,loopback, ::1' }).TRUST_PROXY).toBe(
      '10.0.0.1,192.168.0.0/16,loopback,::1',
    );
    for (const bad of ['true', '2', 'proxy.example.com', '10.0.0.0/99']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(
        `Invalid configuration: TRUST_PROXY must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "${bad}")`,
      );
    }
  });
});

describe('the trash settings', () => {
  it('keep trashed conversations 30 days and purge hourly by default, within bounds', () => {
    expect(loadConfig({})).toMatchObject({ TRASH_RETENTION_DAYS: 30, TRASH_PURGE_INTERVAL: 3_600 });
    expect(() => loadConfig({ TRASH_RETENTION_DAYS: '0' })).toThrow('Invalid configuration: TRASH_RETENTION_DAYS');
    expect(() => loadConfig({ TRASH_PURGE_INTERVAL: '1' })).toThrow('Invalid configuration: TRASH_PURGE_INTERVAL');
  });
});

describe('one source of defaults', () => {
  it("gives the API's defaults the values of a server configured with nothing", () => {
    const config = loadConfig({});
    expect(defaultAccountSettings()).toEqual(accountSettingsFrom(config));
    expect(DEFAULT_SESSION_TTL_MS).toBe(config.SESSION_TTL * 1000);
    expect(defaultHashingLimits()).toEqual(hashingLimitsFrom(config));
    const { model: _model, assistant, ...limits } = defaultChatSettings();
    expect(limits).toEqual(chatLimitsFrom(config));
    expect(assistant).toEqual({ kind: 'offline' });
  });

  it("gives the client's MAX_BATCH_SIZE the server's default (the client cannot import the schema)", () => {
    expect(loadConfig({}).MAX_BATCH_SIZE).toBe(MAX_BATCH_SIZE);
  });
});

describe('WEB_CONCURRENCY', () => {
  it('is 1 unless set, a whole number from 1 to 64, or auto for one process per core', () => {
    expect(loadConfig({}).WEB_CONCURRENCY).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '4' }).WEB_CONCURRENCY).toBe(4);
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).WEB_CONCURRENCY).toBe(Math.min(availableParallelism(), 64));
    expect(() => loadConfig({ WEB_CONCURRENCY: 'many' })).toThrow(
      'Invalid configuration: WEB_CONCURRENCY must be a whole number from 1 to 64, or auto (got "many")',
    );
    expect(() => loadConfig({ WEB_CONCURRENCY: '65' })).toThrow(/^Invalid configuration: WEB_CONCURRENCY .*"65"/);
    expect(() => loadConfig({ WEB_CONCURRENCY: '1.5' })).toThrow(/^Invalid configuration: WEB_CONCURRENCY .*"1.5"/);
  });
});
