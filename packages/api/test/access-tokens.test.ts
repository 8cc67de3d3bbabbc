import { createHash, randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_SCOPES, limits } from '@taskchat/db';
import { expectErrorCode, TEST_PASSWORD } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appRouter, createContext, resolvePersonalAccessToken } from '../src/index.ts';
import { MCP_SCOPES } from '../src/mcp/mcp-scopes.ts';
import { useApi } from './harness.ts';

const api = useApi();

const DAY_MS = 86_400_000;

const execute = <Row>(statement: string, params: unknown[] = []) =>
  api.db.orm.em.getConnection().execute<Row[]>(statement, params);

const resolve = (secret: string) => resolvePersonalAccessToken(api.deps.db, secret);

/**
 * Starts the calls together: another connection holds the user's row (FOR UPDATE) until every
 * call waits on a lock, so they meet inside the create, whatever the machine's scheduling.
 */
async function linedUp<T>(userId: string, calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const holder = new pg.Client({ connectionString: api.db.url });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query('select id from users where id = $1 for update', [userId]);
    const settled = Promise.allSettled(calls.map((call) => call()));
    for (let poll = 0; poll < 400; poll++) {
      const { rows } = await holder.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.n) >= calls.length) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await holder.query('commit');
    return await settled;
  } finally {
    await holder.end();
  }
}

/** The BAD_REQUEST of an input the schema refuses, and the field it names. */
async function expectRefusedField(call: Promise<unknown>, field: string): Promise<void> {
  const error = await expectErrorCode<TRPCError>(call, 'BAD_REQUEST');
  const issues = (error.cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? [];
  expect(issues.map((issue) => issue.path[0])).toContain(field);
}

describe('creating a personal access token', () => {
  it('answers the token and its secret once; only the secret’s SHA-256 is stored', async () => {
    const { caller, userId } = await api.newUser('create');
    const before = Date.now();
    const { token, secret } = await caller.auth.tokens.create({ name: 'Claude Desktop', scopes: ['tasks:read'] });
    expect(secret).toMatch(/^tc_pat_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'scopes']);
    expect(token).toMatchObject({ name: 'Claude Desktop', scopes: ['tasks:read'], lastUsedAt: null, expiresAt: null });
    expect(token.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);

    const rows = await execute<Record<string, unknown>>('select * from access_tokens where user_id = ?', [userId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret.slice('tc_pat_'.length));

    // Listed without its secret, as created.
    expect((await caller.auth.tokens.list()).items).toEqual([token]);
    // Each secret is new.
    const other = await caller.auth.tokens.create({ name: 'Claude Desktop', scopes: ['tasks:read'] });
    expect(other.secret).not.toBe(secret);
  });

  it('keeps the scopes distinct and in their order, whatever order they come in', async () => {
    const { caller } = await api.newUser('scopes');
    const all = await caller.auth.tokens.create({
      name: 'all',
      scopes: ['conversations:read', 'tasks:write', 'tasks:read'],
    });
    expect(all.token.scopes).toEqual(['tasks:read', 'tasks:write', 'conversations:read']);
    const twice = await caller.auth.tokens.create({
      name: 'twice',
      scopes: ['tasks:write', 'tasks:read', 'tasks:write'],
    });
    expect(twice.token.scopes).toEqual(['tasks:read', 'tasks:write']);
    // The database's list of scopes is the API's (its CHECK constraint cannot import them).
    expect([...ACCESS_TOKEN_SCOPES]).toEqual([...MCP_SCOPES]);
  });

  it('expires after expiresIn days, 1 to 365; left out, never', async () => {
    const { caller } = await api.newUser('expiry');
    for (const days of [1, 30, 365]) {
      const { token } = await caller.auth.tokens.create({
        name: `${days} days`,
        scopes: ['tasks:read'],
        expiresIn: days,
      });
      expect(token.expiresAt?.getTime()).toBe(token.createdAt.getTime() + days * DAY_MS);
    }
    const { token } = await caller.auth.tokens.create({ name: 'forever', scopes: ['tasks:read'] });
    expect(token.expiresAt).toBeNull();
  });

  it('refuses a bad name, scope or expiry as BAD_REQUEST naming the field, and stores nothing', async () => {
    const { caller, userId } = await api.newUser('refused');
    const create = (input: object) =>
      caller.auth.tokens.create({ name: 'ok', scopes: ['tasks:read'], ...input } as never);
    for (const name of ['', '   ', 'x'.repeat(limits.accessTokenName + 1), 'a\u0000b', '\uD800'])
      await expectRefusedField(create({ name }), 'name');
    for (const scopes of [[], ['tasks:admin'], ['TASKS:READ'], 'tasks:read', Array(1_000).fill('tasks:read')])
      await expectRefusedField(create({ scopes }), 'scopes');
    for (const expiresIn of [0, -1, 366, 1.5, '30', null, Number.POSITIVE_INFINITY])
      await expectRefusedField(create({ expiresIn }), 'expiresIn');
    expect(await execute('select id from access_tokens where user_id = ?', [userId])).toEqual([]);
    // At the bound itself, the name is fine.
    const { token } = await create({ name: 'x'.repeat(limits.accessTokenName) });
    expect(token.name).toHaveLength(limits.accessTokenName);
  });

  it(`holds at most ${limits.accessTokensPerUser} unexpired tokens, even racing; an expired one neither counts nor stays`, async () => {
    const { caller, userId } = await api.newUser('cap');
    for (let i = 0; i < limits.accessTokensPerUser - 2; i++) {
      await caller.auth.tokens.create({ name: `token ${i}`, scopes: ['tasks:read'] });
    }
    // Two places left, five racing for them: two get one.
    const racing = await linedUp(
      userId,
      Array.from(
        { length: 5 },
        (_, i) => () => caller.auth.tokens.create({ name: `racer ${i}`, scopes: ['tasks:read'] }),
      ),
    );
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    const refused = await expectErrorCode(
      caller.auth.tokens.create({ name: 'one too many', scopes: ['tasks:read'] }),
      'BAD_REQUEST',
    );
    expect(refused.message).toBe(
      `You can have at most ${limits.accessTokensPerUser} access tokens: revoke one to make another`,
    );
    expect((await caller.auth.tokens.list()).items).toHaveLength(limits.accessTokensPerUser);

    // One expires: it leaves the list, the next create deletes it and takes its place.
    const [newest] = (await caller.auth.tokens.list()).items;
    await execute(
      `update access_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 day' where id = ?`,
      [newest?.id],
    );
    expect((await caller.auth.tokens.list()).items.map((token) => token.id)).not.toContain(newest?.id);
    await caller.auth.tokens.create({ name: 'replacement', scopes: ['tasks:read'] });
    expect(await execute('select id from access_tokens where id = ?', [newest?.id])).toEqual([]);
    const [{ count } = { count: '' }] = await execute<{ count: string }>(
      'select count(*) from access_tokens where user_id = ?',
      [userId],
    );
    expect(Number(count)).toBe(limits.accessTokensPerUser);

    // Revoking one makes room for another.
    const [oldest] = (await caller.auth.tokens.list()).items.slice(-1);
    await caller.auth.tokens.revoke({ id: oldest?.id ?? '' });
    await caller.auth.tokens.create({ name: 'after revoking', scopes: ['tasks:read'] });
  });
});

describe('listing and revoking', () => {
  it('lists the unexpired tokens, newest first, with when each was last used and expires', async () => {
    const { caller } = await api.newUser('list');
    const first = await caller.auth.tokens.create({ name: 'first', scopes: ['tasks:read'], expiresIn: 7 });
    const second = await caller.auth.tokens.create({ name: 'second', scopes: ['tasks:write'] });
    await resolve(first.secret);
    const { items } = await caller.auth.tokens.list();
    expect(items.map((token) => token.name)).toEqual(['second', 'first']);
    expect(items[0]).toEqual(second.token);
    expect(items[1]?.lastUsedAt).toBeInstanceOf(Date);
    expect(items[1]?.expiresAt).toEqual(first.token.expiresAt);
    expect(JSON.stringify(items)).not.toContain(first.secret);
  });

  it('revokes one token: /mcp refuses it from then on, the others go on; revoking it again is NOT_FOUND', async () => {
    const { caller } = await api.newUser('revoke');
    const kept = await caller.auth.tokens.create({ name: 'kept', scopes: ['tasks:read'] });
    const revoked = await caller.auth.tokens.create({ name: 'revoked', scopes: ['tasks:read'] });
    expect(await resolve(revoked.secret)).not.toBeNull();
    expect(await caller.auth.tokens.revoke({ id: revoked.token.id })).toEqual({ id: revoked.token.id });
    expect(await resolve(revoked.secret)).toBeNull();
    expect(await resolve(kept.secret)).not.toBeNull();
    expect((await caller.auth.tokens.list()).items.map((token) => token.id)).toEqual([kept.token.id]);
    const again = await expectErrorCode(caller.auth.tokens.revoke({ id: revoked.token.id }), 'NOT_FOUND');
    expect(again.message).toBe('Access token not found');
    await expectRefusedField(caller.auth.tokens.revoke({ id: 'not-a-uuid' }), 'id');
  });

  it("cannot revoke another user's token: the NOT_FOUND of a missing one, and it goes on working", async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const bobs = await bob.caller.auth.tokens.create({ name: 'bob’s', scopes: ['tasks:write'] });
    const missing = await expectErrorCode(alice.caller.auth.tokens.revoke({ id: randomUUID() }), 'NOT_FOUND');
    const foreign = await expectErrorCode(alice.caller.auth.tokens.revoke({ id: bobs.token.id }), 'NOT_FOUND');
    expect(foreign.message).toBe(missing.message);
    expect(await resolve(bobs.secret)).toMatchObject({ userId: bob.userId });
    expect((await alice.caller.auth.tokens.list()).items).toEqual([]);
  });

  it('deleting the account deletes its tokens', async () => {
    const { caller } = await api.newUser('deleted');
    const { secret, token } = await caller.auth.tokens.create({ name: 'gone', scopes: ['tasks:read'] });
    await caller.auth.deleteAccount({ password: TEST_PASSWORD });
    expect(await resolve(secret)).toBeNull();
    expect(await execute('select id from access_tokens where id = ?', [token.id])).toEqual([]);
  });
});

describe('resolvePersonalAccessToken', () => {
  it('answers the principal: the token’s user and scopes, its id and name', async () => {
    const { caller, userId } = await api.newUser('principal');
    const { token, secret } = await caller.auth.tokens.create({
      name: 'Cursor',
      scopes: ['conversations:read', 'tasks:read'],
    });
    expect(await resolve(secret)).toEqual({
      userId,
      scopes: ['tasks:read', 'conversations:read'],
      via: 'token',
      credentialId: token.id,
      clientName: 'Cursor',
    });
  });

  it('is null for a wrong prefix, an unknown or malformed secret, a session token, and an expired token', async () => {
    const { caller, token: sessionToken } = await api.newUser('nulls');
    const { token, secret } = await caller.auth.tokens.create({ name: 'soon', scopes: ['tasks:read'], expiresIn: 1 });
    const body = secret.slice('tc_pat_'.length);
    for (const wrong of [
      body,
      `tc_oat_${body}`,
      `TC_PAT_${body}`,
      `tc_pat_${body}x`,
      `tc_pat_${body.slice(1)}`,
      `tc_pat_${'A'.repeat(43)}`,
      `${secret} `,
      '',
      sessionToken,
      `tc_pat_${sessionToken}`,
    ]) {
      expect(await resolve(wrong), JSON.stringify(wrong)).toBeNull();
    }
    expect(await resolve(secret)).not.toBeNull();
    await execute(
      `update access_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where id = ?`,
      [token.id],
    );
    expect(await resolve(secret)).toBeNull();
  });

  it('records when it was used, at most once a minute', async () => {
    const { caller } = await api.newUser('last-used');
    const { token, secret } = await caller.auth.tokens.create({ name: 'used', scopes: ['tasks:read'] });
    const lastUsed = async () => (await caller.auth.tokens.list()).items.find((t) => t.id === token.id)?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await resolve(secret);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await resolve(secret);
    expect(await lastUsed()).toEqual(first);
    // A use more than a minute after the last one is recorded.
    await execute(`update access_tokens set last_used_at = now() - interval '61 seconds' where id = ?`, [token.id]);
    const stale = await lastUsed();
    await resolve(secret);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(stale?.getTime() ?? Number.POSITIVE_INFINITY);
  });
});

describe('a personal access token is not a session', () => {
  /** A call through tRPC's HTTP handler, as /trpc answers it. */
  async function overHttp(path: string, bearer: string) {
    const authorization = `Bearer ${bearer}`;
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request(`http://localhost/trpc/${path}`, { headers: { authorization } }),
      router: appRouter,
      createContext: () => createContext(api.deps, { authorization }),
    });
    const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
    return { status: response.status, code: body.error?.json?.data?.code };
  }

  it('is refused on /trpc with 401, for reading, for account operations and for making more tokens', async () => {
    const { caller } = await api.newUser('not-a-session');
    const { secret } = await caller.auth.tokens.create({
      name: 'everything',
      scopes: ['tasks:read', 'tasks:write', 'conversations:read'],
    });
    for (const path of ['auth.me', 'tasks.list', 'auth.tokens.list', 'auth.sessions']) {
      expect(await overHttp(path, secret), path).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    }
    const asToken = api.as(secret);
    await expectErrorCode(asToken.auth.tokens.create({ name: 'more', scopes: ['tasks:write'] }), 'UNAUTHORIZED');
    await expectErrorCode(asToken.auth.deleteAccount({ password: TEST_PASSWORD }), 'UNAUTHORIZED');
    await expectErrorCode(asToken.tasks.create({ title: 'through the back door' }), 'UNAUTHORIZED');
    // The session that made it still works, and the account is intact.
    expect((await caller.auth.tokens.list()).items).toHaveLength(1);
    expect((await caller.tasks.list()).items).toEqual([]);
  });
});
