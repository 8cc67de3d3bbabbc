import { describe, expect, it } from 'vitest';
import { isDatabaseOutage } from '../src/outage.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('telling an outage from a bug', () => {
  it('counts unreachable servers, connection exceptions and shutdowns as outages', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']) {
      expect(isDatabaseOutage(withCode(code)), code).toBe(true);
    }
    for (const code of ['08000', '08003', '08006', '57P01', '57P02', '57P03']) {
      expect(isDatabaseOutage(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('looks through causes and aggregated errors', () => {
    expect(isDatabaseOutage(new Error('query failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseOutage(new AggregateError([new Error('x'), withCode('ECONNREFUSED')], 'all failed'))).toBe(true);
  });

  it('leaves a wrong statement, a constraint and anything else a bug', () => {
    for (const code of ['42P01', '23505', '22P02', '57014', 'E_SOMETHING']) {
      expect(isDatabaseOutage(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseOutage(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseOutage('ECONNREFUSED')).toBe(false);
    expect(isDatabaseOutage(null)).toBe(false);
  });
});
