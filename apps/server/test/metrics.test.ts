import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { counter } from '@taskchat/api';
import { createTaskchatClient, type TaskchatClient } from '@taskchat/client';
import { createOrmConfig } from '@taskchat/db';
import {
  TEST_PASSWORD as password,
  startRestartableServer,
  useTestDatabase,
  waitForFreshRateWindow,
} from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { families, valueIn } from './exposition.ts';
import { MCP_CLIENTS, mcpUser, structured } from './mcp-clients.ts';
import { freePort, type RunningServer, startServer } from './server-harness.ts';

const TOKEN = 'metrics-test-token-0123456789';

/** A GET of `path` exactly as written (fetch would resolve `..` first): its status. */
function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

const getMetrics = (origin: string, authorization?: string) =>
  fetch(`${origin}/metrics`, authorization ? { headers: { authorization } } : {});

/** The scrape, read from the token-guarded main port. */
async function scrape(origin: string): Promise<string> {
  const response = await getMetrics(origin, `Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return await response.text();
}

/** How much each named series moved while `action` ran. */
async function deltas(origin: string, series: [string, Record<string, string>?][], action: () => Promise<unknown>) {
  const before = await scrape(origin);
  await action();
  const after = await scrape(origin);
  return series.map(([name, labels]) => valueIn(after, name, labels) - valueIn(before, name, labels));
}

/** Waits until the scraped `name` (with `labels`) differs from `from` by `by`. */
async function moved(origin: string, name: string, labels: Record<string, string>, from: number, by: number) {
  let now = from;
  const deadline = Date.now() + 20_000;
  while (now - from !== by) {
    if (Date.now() > deadline) throw new Error(`${name} moved by ${now - from}, not ${by}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = valueIn(await scrape(origin), name, labels);
  }
}

async function signedUp(origin: string) {
  const email = `metrics-${randomUUID()}@example.com`;
  const { token, user } = await createTaskchatClient({ url: `${origin}/trpc` }).auth.signUp.mutate({ email, password });
  return { email, token, userId: user.id, client: createTaskchatClient({ url: `${origin}/trpc`, token }) };
}

async function chatTurn(client: TaskchatClient, content: string, clientId: string = randomUUID()) {
  const events = [];
  for await (const event of await client.chat.send.mutate({ content, clientId })) events.push(event);
  return events;
}

/**
 * An OpenAI-compatible endpoint on loopback that answers every call "Hello." and reports 42 prompt
 * and 7 completion tokens; a request whose last message is "fail" gets a 400 (not retried).
 */
async function fakeModel() {
  const server = createServer(async (request, response) => {
    let raw = '';
    for await (const part of request) raw += part;
    if ((JSON.parse(raw) as { messages: { content?: string }[] }).messages.at(-1)?.content === 'fail') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'refused', type: 'invalid_request_error' } }));
      return;
    }
    const chunk = (body: object) =>
      `data: ${JSON.stringify({ id: 'c1', created: 1_700_000_000, model: 'fake-model', ...body })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello.' }, finish_reason: null }] }),
    );
    response.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    response.write(chunk({ choices: [], usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 } }));
    response.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => server.close() };
}

describe('metrics', () => {
  const db = useTestDatabase();
  let server: RunningServer;
  const execute = (statement: string, params: unknown[] = []) => db.orm.em.getConnection().execute(statement, params);

  beforeAll(async () => {
    server = await startServer(db.orm, {
      METRICS_TOKEN: TOKEN,
      REMINDER_POLL_INTERVAL: '100',
      SIGN_IN_FAILURES_PER_ACCOUNT: '1',
      SIGN_IN_FIRST_LOCK: '600',
      REFUSAL_DELAY: '0',
      CHAT_TURNS_PER_MINUTE: '1',
    });
  });
  afterAll(() => server.app.close());

  it('counts each tRPC call by procedure and outcome, each call of a batch, and the HTTP requests by route', async () => {
    const { client } = await signedUp(server.origin);
    const ok = { procedure: 'tasks.list', outcome: 'OK' };
    const notFound = { procedure: 'conversations.get', outcome: 'NOT_FOUND' };
    const http = { method: 'GET', route: '/trpc/:path' };
    const [oks, notFounds, requests, timed] = await deltas(
      server.origin,
      [
        ['taskchat_trpc_calls_total', ok],
        ['taskchat_trpc_calls_total', notFound],
        ['taskchat_http_requests_total', http],
        ['taskchat_trpc_call_duration_seconds_count', ok],
      ],
      async () => {
        await client.tasks.list.query({});
        await client.conversations.get.query({ id: randomUUID() }).catch(() => {});
        // One HTTP request, two calls.
        await Promise.all([
          client.tasks.list.query({}),
          client.conversations.get.query({ id: randomUUID() }).catch(() => {}),
        ]);
      },
    );
    expect([oks, notFounds, requests, timed]).toEqual([2, 2, 3, 2]);

    const text = await scrape(server.origin);
    expect(valueIn(text, 'taskchat_http_requests_total', { ...http, status_code: '404' })).toBeGreaterThanOrEqual(1);
    // A path of no route is counted as unmatched, not by its URL.
    await fetch(`${server.origin}/no/such/${randomUUID()}`);
    expect(
      valueIn(await scrape(server.origin), 'taskchat_http_requests_total', { route: 'unmatched', status_code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await scrape(server.origin)).not.toContain('/no/such');
  });

  it('counts chat turns by outcome with the offline assistant, and its model calls', async () => {
    // CHAT_TURNS_PER_MINUTE is 1: the three turns below must fall in one minute.
    await waitForFreshRateWindow(60_000);
    const { client } = await signedUp(server.origin);
    const offline = { provider: 'taskchat', model: 'offline-assistant' };
    const clientId = randomUUID();
    const outcome = (name: string): [string, Record<string, string>] => [
      'taskchat_chat_turns_total',
      { outcome: name },
    ];
    const [completed, replayed, refused, calls] = await deltas(
      server.origin,
      [
        outcome('completed'),
        outcome('replayed'),
        outcome('refused'),
        ['taskchat_model_call_duration_seconds_count', { ...offline, outcome: 'ok' }],
      ],
      async () => {
        await chatTurn(client, 'add buy oat milk', clientId);
        await chatTurn(client, 'add buy oat milk', clientId); // the same turn again
        await client.chat.send.mutate({ content: 'and bread', clientId: randomUUID() }).catch(() => {}); // past CHAT_TURNS_PER_MINUTE
      },
    );
    expect([completed, replayed, refused]).toEqual([1, 1, 1]);
    // The offline assistant calls add_tasks, then answers: two model calls.
    expect(calls).toBe(2);
  });

  it("counts a model's latency and tokens by provider and model", async () => {
    const model = await fakeModel();
    const withModel = await startServer(db.orm, { CHAT_MODEL_BASE_URL: model.url, CHAT_MODEL: 'fake-model' });
    try {
      const { client } = await signedUp(withModel.origin);
      const labels = { provider: 'chat.chat', model: 'fake-model' };
      const [input, output, calls, completed] = await deltas(
        server.origin,
        [
          ['taskchat_model_tokens_total', { ...labels, kind: 'input' }],
          ['taskchat_model_tokens_total', { ...labels, kind: 'output' }],
          ['taskchat_model_call_duration_seconds_count', { ...labels, outcome: 'ok' }],
          ['taskchat_chat_turns_total', { outcome: 'completed' }],
        ],
        () => chatTurn(client, 'hello'),
      );
      expect([input, output, calls, completed]).toEqual([42, 7, 1, 1]);

      const other = await signedUp(withModel.origin);
      const [failed, errors] = await deltas(
        server.origin,
        [
          ['taskchat_chat_turns_total', { outcome: 'failed' }],
          ['taskchat_model_call_duration_seconds_count', { ...labels, outcome: 'error' }],
        ],
        () => chatTurn(other.client, 'fail'),
      );
      expect([failed, errors]).toEqual([1, 1]);
    } finally {
      await withModel.app.close();
      model.close();
    }
  });

  it('counts sign-in refusals by reason, an unknown email and a wrong password alike', async () => {
    const { email } = await signedUp(server.origin);
    const victim = await signedUp(server.origin);
    const anonymous = createTaskchatClient({ url: `${server.origin}/trpc` });
    const attempt = (of: string) =>
      anonymous.auth.signIn.mutate({ email: of, password: 'not the password at all' }).catch(() => {});
    const [bad, throttled] = await deltas(
      server.origin,
      [
        ['taskchat_sign_in_refusals_total', { reason: 'bad_credentials' }],
        ['taskchat_sign_in_refusals_total', { reason: 'throttled' }],
      ],
      async () => {
        await attempt(email);
        await attempt(`nobody-${randomUUID()}@example.com`);
        await attempt(victim.email); // its one free failure: the account is locked now
        await attempt(victim.email);
      },
    );
    expect([bad, throttled]).toEqual([3, 1]);
  });

  it('observes the lag of a delivered reminder', async () => {
    const { client, userId } = await signedUp(server.origin);
    const task = await client.tasks.create.mutate({ title: 'water the plants' });
    const before = await scrape(server.origin);
    await execute(
      `insert into reminders (id, task_id, user_id, at, fire_at) values (uuidv7(), ?, ?, now() - interval '2 seconds', now() - interval '2 seconds')`,
      [task.id, userId],
    );
    const count = 'taskchat_reminder_delivery_lag_seconds_count';
    await moved(server.origin, count, {}, valueIn(before, count), 1);
    const after = await scrape(server.origin);
    const lag =
      valueIn(after, 'taskchat_reminder_delivery_lag_seconds_sum') -
      valueIn(before, 'taskchat_reminder_delivery_lag_seconds_sum');
    expect(lag).toBeGreaterThanOrEqual(2);
  });

  it('gauges open live streams, counts change-feed reconnects, and reads the pool', async () => {
    const { client } = await signedUp(server.origin);
    const open = valueIn(await scrape(server.origin), 'taskchat_live_streams_open');
    const subscription = client.tasks.onChange.subscribe(undefined, { onData: () => {} });
    await moved(server.origin, 'taskchat_live_streams_open', {}, open, 1);

    const reconnects = valueIn(await scrape(server.origin), 'taskchat_change_feed_reconnects_total');
    // Every change feed listening on this file's database loses its connection.
    const ended = await execute(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
    );
    expect(ended.length).toBeGreaterThanOrEqual(1);
    await moved(server.origin, 'taskchat_change_feed_reconnects_total', {}, reconnects, ended.length);

    subscription.unsubscribe();
    await moved(server.origin, 'taskchat_live_streams_open', {}, open + 1, -1);

    const text = await scrape(server.origin);
    expect(valueIn(text, 'taskchat_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(valueIn(text, 'taskchat_db_pool_max_connections')).toBeGreaterThanOrEqual(
      valueIn(text, 'taskchat_db_pool_connections'),
    );
    expect(valueIn(text, 'taskchat_db_pool_idle_connections')).toBeLessThanOrEqual(
      valueIn(text, 'taskchat_db_pool_connections'),
    );
    expect(valueIn(text, 'taskchat_db_pool_waiting_requests')).toBe(0);
  });

  it('counts MCP tool calls by tool and outcome', async () => {
    const user = await mcpUser(server.origin);
    const mcp = await MCP_CLIENTS['2026-07-28'](server.origin, (await user.accessToken()).secret);
    try {
      const [listed] = await deltas(
        server.origin,
        [['taskchat_mcp_tool_calls_total', { tool: 'list_tasks', outcome: 'OK' }]],
        async () => structured(await mcp.callTool('list_tasks', {})),
      );
      expect(listed).toBe(1);
    } finally {
      await mcp.close();
    }
  });

  it('lists every family, and no label holds a user id, an email, a token or a conversation id', async () => {
    const users = [await signedUp(server.origin), await signedUp(server.origin)];
    const secrets: string[] = [];
    for (const user of users) {
      await user.client.tasks.create.mutate({ title: 'buy bread' });
      const events = await chatTurn(user.client, 'what are my tasks');
      const conversationId = events.flatMap((e) => (e.type === 'user-message' ? [e.conversationId] : []))[0] as string;
      await user.client.conversations.get.query({ id: randomUUID() }).catch(() => {});
      secrets.push(user.userId, user.email, user.token, conversationId);
    }
    const text = await scrape(server.origin);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i);
    expect(text).not.toContain('@');

    const declared = families(text);
    const expected = {
      taskchat_http_requests_total: 'counter',
      taskchat_http_request_duration_seconds: 'histogram',
      taskchat_trpc_calls_total: 'counter',
      taskchat_trpc_call_duration_seconds: 'histogram',
      taskchat_db_pool_connections: 'gauge',
      taskchat_db_pool_idle_connections: 'gauge',
      taskchat_db_pool_waiting_requests: 'gauge',
      taskchat_db_pool_max_connections: 'gauge',
      taskchat_live_streams_open: 'gauge',
      taskchat_change_feed_reconnects_total: 'counter',
      taskchat_chat_turns_total: 'counter',
      taskchat_model_call_duration_seconds: 'histogram',
      taskchat_model_tokens_total: 'counter',
      taskchat_message_votes_total: 'counter',
      taskchat_reminder_delivery_lag_seconds: 'histogram',
      taskchat_sign_in_refusals_total: 'counter',
      taskchat_outage_responses_total: 'counter',
      taskchat_database_outages_total: 'counter',
      taskchat_mcp_tool_calls_total: 'counter',
      taskchat_mcp_tool_call_duration_seconds: 'histogram',
      process_cpu_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) expect(declared.get(name), name).toBe(type);
    // No family of ours goes unlisted here, nor in docs/metrics.md.
    const ours = [...declared.keys()].filter((name) => name.startsWith('taskchat_'));
    const doc = await readFile(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
    for (const name of ours) expect(doc, name).toContain(`\`${name}\``);
    expect(ours.sort()).toEqual(
      Object.keys(expected)
        .filter((name) => name.startsWith('taskchat_'))
        .sort(),
    );
  });

  it('registers a metric defined twice once', () => {
    const config = {
      name: 'taskchat_http_requests_total',
      help: 'again',
      labelNames: ['method', 'route', 'status_code'] as const,
    };
    expect(counter({ ...config, labelNames: [...config.labelNames] })).toBe(
      counter({ ...config, labelNames: [...config.labelNames] }),
    );
  });

  it('counts the 503s of an outage and the outage itself', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_metrics_outage');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 2 } }));
    const running = await startServer(orm);
    try {
      const { token } = await createTaskchatClient({ url: `${running.origin}/trpc` }).auth.signUp.mutate({
        email: `${randomUUID()}@example.com`,
        password,
      });
      await postgres.pause();
      const [procedure, lookup, outages] = await deltas(
        server.origin,
        [
          ['taskchat_outage_responses_total', { site: 'procedure' }],
          ['taskchat_outage_responses_total', { site: 'session lookup' }],
          ['taskchat_database_outages_total'],
        ],
        async () => {
          const signIn = await fetch(`${running.origin}/trpc/auth.signIn`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ json: { email: 'someone@example.com', password } }),
          });
          const list = await fetch(`${running.origin}/trpc/tasks.list`, {
            headers: { authorization: `Bearer ${token}` },
          });
          expect([signIn.status, list.status]).toEqual([503, 503]);
        },
      );
      expect([procedure, lookup, outages]).toEqual([1, 1, 1]);
    } finally {
      await postgres.resume();
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});

describe('where /metrics is served', () => {
  const db = useTestDatabase();

  it('nowhere by default: the main port answers 404, as for any unknown path', async () => {
    const running = await startServer(db.orm);
    try {
      expect((await getMetrics(running.origin)).status).toBe(404);
      expect((await getMetrics(running.origin, `Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      await running.app.close();
    }
  });

  it('with METRICS_PORT, on a port of its own serving only /metrics; the main port answers 404', async () => {
    const port = await freePort();
    const running = await startServer(db.orm, { METRICS_PORT: String(port) });
    try {
      const own = `http://127.0.0.1:${port}`;
      const response = await fetch(`${own}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(families(await response.text()).get('taskchat_http_requests_total')).toBe('counter');
      expect((await fetch(`${own}/metrics?x=1`)).status).toBe(200);
      for (const path of [
        '/',
        '/trpc/tasks.list',
        '/metrics/',
        '/metrics/..',
        '/metrics/../',
        '/x/../metrics',
        '/healthz',
      ]) {
        expect(await rawGet(own, path), path).toBe(404);
      }
      expect((await fetch(`${own}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
      expect(await rawGet(own, '/metrics', { authorization: `Bearer ${'x'.repeat(20_000)}` })).toBe(431);
      expect((await getMetrics(running.origin)).status).toBe(404);
    } finally {
      await running.app.close();
    }
    // Closed with the server.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('with METRICS_TOKEN, on the main port only to its bearer: 401 without it or with another, saying no more', async () => {
    const running = await startServer(db.orm, { METRICS_TOKEN: TOKEN });
    try {
      for (const authorization of [
        undefined,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(1)}`,
        TOKEN,
        `Basic ${TOKEN}`,
        `Bearer ${'x'.repeat(8_000)}`,
      ]) {
        const response = await getMetrics(running.origin, authorization);
        expect(response.status).toBe(401);
        expect(await response.text()).toBe('Unauthorized\n');
      }
      const response = await getMetrics(running.origin, `Bearer ${TOKEN}`);
      expect(response.status).toBe(200);
      expect(families(await response.text()).get('taskchat_trpc_calls_total')).toBe('counter');
      for (const path of [
        '/metrics/',
        '/metrics/..',
        '/metrics/../',
        '/metrics%2F..',
        '/metrics/%2e%2e/',
        '//metrics',
        '/metrics/../metrics',
      ]) {
        expect(await rawGet(running.origin, path), path).toBeLessThan(500);
        expect(await rawGet(running.origin, path, { authorization: `Bearer ${TOKEN}` }), path).not.toBe(200);
      }
      // A header past Node's limit is refused by Node itself, not answered 5xx.
      expect(await rawGet(running.origin, '/metrics', { authorization: `Bearer ${'x'.repeat(20_000)}` })).toBe(431);
    } finally {
      await running.app.close();
    }
  });

  it('with both, on its own port and behind the token on the main port', async () => {
    const port = await freePort();
    const running = await startServer(db.orm, { METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      expect((await getMetrics(running.origin, `Bearer ${TOKEN}`)).status).toBe(200);
      expect((await getMetrics(running.origin)).status).toBe(401);
    } finally {
      await running.app.close();
    }
  });

  it('fails the start when METRICS_PORT is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const app = await buildServer(loadConfig({ PORT: '0', METRICS_PORT: String(port), LOG_LEVEL: 'silent' }), db.orm);
      await expect(app.listen({ port: 0, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
      await app.close();
    } finally {
      taken.close();
    }
  });

  it('refuses a short METRICS_TOKEN without echoing it', () => {
    const attempt = () => loadConfig({ METRICS_TOKEN: 'short-secret' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/METRICS_TOKEN/);
    expect(attempt).not.toThrow(/short-secret/);
  });
});
