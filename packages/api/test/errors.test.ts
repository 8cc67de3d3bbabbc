import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { appRouter, createContext, OutageLog, toTRPCError } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

/** Calls a procedure through tRPC's HTTP handler, as a client would see it. */
async function httpCall(path: string, input: unknown, token?: string, method: 'GET' | 'POST' = 'GET') {
  const authorization = token ? `Bearer ${token}` : null;
  const body = JSON.stringify({ json: input });
  const url = `http://localhost/trpc/${path}${method === 'GET' ? `?input=${encodeURIComponent(body)}` : ''}`;
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request(url, {
      method,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      ...(method === 'POST' ? { body } : {}),
    }),
    router: appRouter,
    createContext: () => createContext(api.deps, { authorization }),
  });
  const text = await response.text();
  return { status: response.status, text, error: JSON.parse(text).error?.json };
}

describe('errors as clients see them', () => {
  it('a malformed uuid is BAD_REQUEST with field-level issues, before any query', async () => {
    const { token } = await api.newUser();
    const { status, error } = await httpCall('conversations.get', { id: "1' or '1'='1" }, token);
    expect(status).toBe(400);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodError.fieldErrors.id).toEqual([expect.any(String)]);
    expect(error.data.stack).toBeUndefined();
  });

  it('a malformed cursor, and a cursor of another list, are BAD_REQUEST', async () => {
    const { token, caller } = await api.newUser();
    const bad = await httpCall('conversations.list', { cursor: 'definitely-not-a-cursor' }, token);
    expect(bad.status).toBe(400);
    expect(bad.error.data.zodError.fieldErrors.cursor).toEqual(['Invalid cursor']);

    for (let i = 0; i < 3; i++) await caller.tasks.create({ title: `t${i}` });
    const { nextCursor } = await caller.tasks.list({ limit: 1 });
    const foreign = await httpCall('conversations.list', { cursor: nextCursor }, token);
    expect(foreign.status).toBe(400);
    expect(foreign.error.message).toBe('Invalid cursor');

    // Well-formed, but at a time PostgreSQL cannot hold: refused before any query.
    const yearZero = Buffer.from(
      JSON.stringify(['conversations', [false, '0000-01-01T00:00:00Z'], '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b']),
    ).toString('base64url');
    // The earliest time a cursor may hold is the start of 1970.
    const epoch = Buffer.from(
      JSON.stringify(['conversations', [false, '1970-01-01T00:00:00.000Z'], '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b']),
    ).toString('base64url');
    expect((await httpCall('conversations.list', { cursor: epoch }, token)).status).toBe(200);
    const impossible = await httpCall('conversations.list', { cursor: yearZero }, token);
    expect(impossible.status).toBe(400);
    // Well-formed keys of the wrong kinds for the list (a date where the flag goes, a number for a date): 400, never a 500.
    const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    for (const keys of [['1970-01-01T00:00:00.000Z', true], [false, 12.5], [false]]) {
      const cursor = Buffer.from(JSON.stringify(['conversations', keys, id])).toString('base64url');
      const wrongKinds = await httpCall('conversations.list', { cursor }, token);
      expect(wrongKinds.status, JSON.stringify(keys)).toBe(400);
      expect(wrongKinds.error.message).toBe('Invalid cursor');
    }
    expect(impossible.error.data.zodError.fieldErrors.cursor).toEqual(['Invalid cursor']);
  });

  it('a NUL byte and an oversize field are BAD_REQUEST, and the next call succeeds', async () => {
    const { token } = await api.newUser();
    const nul = await httpCall('tasks.create', { title: 'a\u0000b' }, token, 'POST');
    expect(nul.status).toBe(400);
    const huge = await httpCall('tasks.create', { title: 'x'.repeat(100_000) }, token, 'POST');
    expect(huge.status).toBe(400);
    const ok = await httpCall('tasks.create', { title: 'fine' }, token, 'POST');
    expect(ok.status).toBe(200);
  });

  it('an expected refusal (NOT_FOUND, BAD_REQUEST, UNAUTHORIZED) is not logged as a failure', async () => {
    const { token } = await api.newUser();
    const before = api.logged.length;
    expect((await httpCall('conversations.get', { id: crypto.randomUUID() }, token)).status).toBe(404);
    expect((await httpCall('conversations.get', { id: 'nope' }, token)).status).toBe(400);
    const anonymous = await httpCall('auth.me', undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.error.message).toBe('Sign in to continue');
    expect(api.logged.slice(before)).toEqual([]);
  });

  it('UNAUTHORIZED is 401', async () => {
    const { status, error } = await httpCall('auth.me', undefined);
    expect(status).toBe(401);
    expect(error.data.code).toBe('UNAUTHORIZED');
  });

  it('a database failure is INTERNAL_SERVER_ERROR with no SQL or stack, and its cause is logged', async () => {
    const { token } = await api.newUser();
    await api.db.orm.em.getConnection().execute('drop table tasks cascade');
    const { status, error, text } = await httpCall('tasks.list', {}, token);
    expect(status).toBe(500);
    expect(error.message).toBe('Internal server error');
    expect(error.data.stack).toBeUndefined();
    expect(text).not.toMatch(/select|relation|tasks"|at .*\.ts/i);
    // The cause itself (PostgreSQL's error) is logged, not the generic tRPC wrapper.
    expect(api.logged.at(-1)).toMatchObject({
      message: 'procedure failed',
      details: { path: 'tasks.list', err: expect.objectContaining({ code: '42P01' }) },
    });
  });

  it('a database failure while resolving the session is INTERNAL_SERVER_ERROR too, and logged', async () => {
    const { token } = await api.newUser();
    await api.db.orm.em.getConnection().execute('alter table sessions rename to sessions_moved');
    try {
      const { status, error, text } = await httpCall('auth.me', undefined, token);
      expect(status).toBe(500);
      expect(error.message).toBe('Internal server error');
      expect(text).not.toMatch(/select|relation|sessions/i);
      expect(api.logged.at(-1)).toMatchObject({
        message: 'session lookup failed',
        details: { err: expect.objectContaining({ code: '42P01' }) },
      });
    } finally {
      await api.db.orm.em.getConnection().execute('alter table sessions_moved rename to sessions');
    }
  });

  it('logs an unexpected failure once, however many layers map it (a route around a failed session lookup)', () => {
    const logged: string[] = [];
    const logger = { error: (_details: object, message: string) => logged.push(message), info: () => {} };
    const deps = { logger, outages: new OutageLog(logger) };
    const first = toTRPCError(new Error('relation "sessions" does not exist'), deps, { what: 'session lookup' });
    expect(first.code).toBe('INTERNAL_SERVER_ERROR');
    expect(toTRPCError(first, deps, { what: 'export', path: '/export' })).toBe(first);
    expect(logged).toEqual(['session lookup failed']);
  });
});
