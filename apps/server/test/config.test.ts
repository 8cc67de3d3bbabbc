import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('names the bad variable and echoes its value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT .*"eighty"/);
  });

  it('never echoes a URL, which may hold a password', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db.example.com/app' });
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).not.toThrow(/s3cret/);
  });
});
