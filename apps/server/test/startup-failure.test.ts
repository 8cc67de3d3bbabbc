import { DatabaseUrlRequiredError, SessionNotHeldError } from '@taskchat/db';
import { EmbeddedClusterError } from '@taskchat/dev-database';
import { describe, expect, it } from 'vitest';
import { startupFailureMessage } from '../src/startup-failure.ts';

const config = { PORT: 3000, HOST: '127.0.0.1' };
const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('start-up failures, one line each', () => {
  it('names the variable to change for an address that cannot be had', () => {
    expect(startupFailureMessage(failure('EADDRINUSE'), config)).toBe(
      'Port 3000 on 127.0.0.1 is already in use: set PORT to a free one (PORT=3001 scripts/pnpm start) or stop the program using it.',
    );
    const metrics = { ...config, METRICS_PORT: 9464, METRICS_HOST: '10.0.0.11' };
    expect(startupFailureMessage(Object.assign(failure('EADDRINUSE'), { port: 9464 }), metrics)).toBe(
      'METRICS_PORT 9464 on 10.0.0.11 is already in use: set METRICS_PORT to a free one or stop the program using it.',
    );
    expect(startupFailureMessage(Object.assign(failure('EADDRINUSE'), { port: 3000 }), metrics)).toMatch(/^Port 3000 /);
    expect(startupFailureMessage(failure('EADDRNOTAVAIL'), { PORT: 3000, HOST: '10.9.9.9' })).toBe(
      'Cannot listen on HOST=10.9.9.9: no such address on this machine.',
    );
  });

  it('tells a database that cannot be reached from one that refuses us', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']) {
      expect(startupFailureMessage(failure(code), config)).toBe(
        `Cannot reach PostgreSQL (${code}): check that it runs and that DATABASE_URL points at it.`,
      );
    }
    expect(startupFailureMessage(failure('28P01'), config)).toBe(
      'PostgreSQL refused the user or password in DATABASE_URL.',
    );
    expect(startupFailureMessage(failure('28000'), config)).toBe(
      'PostgreSQL refused the user or password in DATABASE_URL.',
    );
    expect(startupFailureMessage(failure('3D000'), config)).toBe(
      'The database named in DATABASE_URL does not exist: create it first.',
    );
  });

  it('says in one line that production needs DATABASE_URL', () => {
    expect(startupFailureMessage(new DatabaseUrlRequiredError(), config)).toBe(
      'DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development only)',
    );
  });

  it('says in one line that DATABASE_DIRECT_URL goes through a transaction pooler', () => {
    expect(startupFailureMessage(new SessionNotHeldError(), config)).toBe(
      'DATABASE_DIRECT_URL does not keep a session (a LISTEN on it heard nothing in 5 s): point it past the transaction pooler, at PostgreSQL itself (unset, it is DATABASE_URL).',
    );
  });

  it("passes the embedded cluster's own advice through, and keeps only the first line of anything else", () => {
    const advice =
      'The embedded PostgreSQL in /x (pid 1, port 2) runs but does not answer: stop it with `scripts/pnpm db:stop` and start again';
    expect(startupFailureMessage(new EmbeddedClusterError(advice), config)).toBe(advice);
    // Known by its name, as the server never imports the dev-only package that defines it.
    expect(startupFailureMessage(Object.assign(new Error(advice), { name: 'EmbeddedClusterError' }), config)).toBe(
      advice,
    );
    expect(startupFailureMessage(new Error('first line\n    at stack frame'), config)).toBe(
      'Taskchat did not start: first line',
    );
    expect(startupFailureMessage('plain text', config)).toBe('Taskchat did not start: plain text');
    expect(startupFailureMessage(null, config)).toBe('Taskchat did not start: null');
  });
});
