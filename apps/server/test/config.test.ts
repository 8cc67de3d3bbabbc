import { describe, expect, it } from 'vitest';
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

describe('the assistant settings', () => {
  it('default to the offline assistant with a one-minute, six-step turn', () => {
    expect(loadConfig({})).toMatchObject({ CHAT_TIMEOUT: 60_000, CHAT_MAX_STEPS: 6, CHAT_HISTORY_CHARS: 24_000 });
    expect(loadConfig({}).CHAT_MODEL).toBeUndefined();
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
});
