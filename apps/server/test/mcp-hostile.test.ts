import { MCP_TOOLS } from '@taskchat/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_CLIENTS, type McpTestClient, mcpUser, postMcp, rpcAnswer, structured } from './mcp-clients.ts';
import { useServer } from './server-harness.ts';

const BODY_LIMIT = 64 * 1024;
// Hundreds of calls from one token: the limits are measured apart (below).
const server = useServer({
  MCP_BODY_LIMIT: String(BODY_LIMIT),
  MCP_REQUESTS_PER_MINUTE: '0',
  MCP_TOOL_CALLS_PER_MINUTE: '0',
});

/** Values of every JSON type but the one a field wants, and ones at the edges of any bound. */
const WRONG_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(20_000),
  '\u0000',
  [],
  [null],
  {},
  { $gt: '' },
  '00000000-0000-0000-0000-000000000000',
  '../../etc/passwd',
  "'; drop table tasks; --",
];

const rpc = (id: number, method: string, params?: unknown) => ({ jsonrpc: '2.0', id, method, params });

describe('/mcp under hostile input: a tool error or a 4xx, never a 500, and nothing changes', () => {
  let user: Awaited<ReturnType<typeof mcpUser>>;
  let secret: string;
  let mcp: McpTestClient;

  beforeAll(async () => {
    user = await mcpUser(server.origin);
    await user.client.tasks.create.mutate({ title: 'keep me' });
    ({ secret } = await user.accessToken());
    mcp = await MCP_CLIENTS['2026-07-28'](server.origin, secret);
  });
  afterAll(() => mcp.close());

  const tasksNow = async () =>
    (await user.client.tasks.list.query({ view: 'all' })).items.map((task) => [task.title, task.completed]);

  it.each(MCP_TOOLS.map((tool) => tool.name))(
    '%s refuses wrong types, missing fields and huge strings as tool errors',
    async (name) => {
      const before = await tasksNow();
      const { tools } = await mcp.listTools();
      const schema = tools.find((tool) => tool.name === name)?.inputSchema as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      const fields = Object.keys(schema.properties ?? {});
      const attempts: Record<string, unknown>[] = [{ unknownField: 'x'.repeat(1_000) }];
      for (const field of fields) for (const value of WRONG_VALUES) attempts.push({ [field]: value });
      for (const args of attempts) {
        const answer = await mcp.callTool(name, args);
        // A tool whose every field is optional may take some of these; none may fail outside a tool error.
        if (answer.isError) expect(answer.content[0]?.text, JSON.stringify(args).slice(0, 200)).toMatch(/\S/);
        expect(JSON.stringify(answer)).not.toMatch(/at .+\.ts:\d+|stack|SELECT |relation "/);
      }
      if ((schema.required ?? []).length > 0) expect((await mcp.callTool(name, {})).isError).toBe(true);
      // Nothing but reading or the intruding calls' own failures: the tasks are as they were.
      if (name !== 'add_tasks') expect(await tasksNow()).toEqual(before);
    },
  );

  it('answers malformed requests with JSON-RPC errors and 4xx statuses', async () => {
    const cases: [string, () => Promise<Response>, number][] = [
      ['invalid JSON', () => postMcp(server.origin, secret, '{"jsonrpc":'), 400],
      ['an empty body', () => postMcp(server.origin, secret, ''), 400],
      [
        'a body over MCP_BODY_LIMIT',
        () =>
          postMcp(
            server.origin,
            secret,
            rpc(1, 'tools/call', { name: 'add_tasks', arguments: { tasks: [{ title: 'x'.repeat(BODY_LIMIT) }] } }),
          ),
        413,
      ],
      [
        'another content type',
        () => postMcp(server.origin, secret, 'hello', { headers: { 'content-type': 'text/plain' } }),
        415,
      ],
    ];
    for (const [what, send, status] of cases) {
      const response = await send();
      expect(response.status, what).toBe(status);
      expect(await rpcAnswer(response), what).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
    }
  });

  it('refuses a batch, however large, and runs none of it', async () => {
    const before = await tasksNow();
    const batch = Array.from({ length: 200 }, (_, index) =>
      rpc(index, 'tools/call', { name: 'add_tasks', arguments: { tasks: [{ title: `batch ${index}` }] } }),
    );
    const response = await postMcp(server.origin, secret, batch);
    expect(response.status).toBe(400);
    expect(await rpcAnswer(response)).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('batches') },
    });
    expect(await tasksNow()).toEqual(before);
  });

  it('answers unknown methods, bad params and session verbs without failing', async () => {
    const unknown = await postMcp(server.origin, secret, rpc(1, 'tasks/drop'));
    expect(unknown.status).toBeLessThan(500);
    expect(await rpcAnswer(unknown)).toMatchObject({ error: { code: -32601 } });
    for (const params of [null, 'x', [1, 2], { name: 42 }, { name: 'list_tasks', arguments: 'all' }]) {
      const response = await postMcp(server.origin, secret, rpc(2, 'tools/call', params));
      expect(response.status, JSON.stringify(params)).toBeLessThan(500);
    }
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${server.origin}/mcp`, { method, headers: { authorization: `Bearer ${secret}` } });
      expect(response.status, method).toBe(405);
    }
  });

  it('keeps __proto__ out of the arguments and refuses deep nesting', async () => {
    const polluted =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{"__proto__":{"limit":1}}}}';
    expect((await postMcp(server.origin, secret, polluted)).status).toBeLessThan(500);
    expect(({} as { limit?: number }).limit).toBeUndefined();
    const deep = `{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const request = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":${deep}}}`;
    const response = await postMcp(server.origin, secret, request);
    expect(response.status).toBe(400);
    expect(await rpcAnswer(response)).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('deeper') },
    });
  });

  it('refuses a browser page of another origin (DNS rebinding) with 403', async () => {
    const response = await postMcp(server.origin, secret, rpc(1, 'tools/list'), {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
  });

  it('still serves afterwards', async () => {
    expect(
      structured<{ tasks: { title: string }[] }>(await mcp.callTool('list_tasks', {})).tasks.map((t) => t.title),
    ).toEqual(['keep me']);
  });
});

describe('/mcp limits', () => {
  const limited = useServer({ MCP_TOOL_CALLS_PER_MINUTE: '3', MCP_REQUESTS_PER_MINUTE: '12' });

  it('answers tool calls past MCP_TOOL_CALLS_PER_MINUTE as tool errors saying when to retry, then requests past MCP_REQUESTS_PER_MINUTE with 429', async () => {
    const user = await mcpUser(limited.origin);
    const { secret } = await user.accessToken();
    const mcp = await MCP_CLIENTS['2025-11-25'](limited.origin, secret);
    try {
      // Windows are whole minutes: one may end mid-test, so the count may restart once.
      let refused = await mcp.callTool('list_labels', {});
      let served = 0;
      for (; !refused.isError && served < 7; served++) refused = await mcp.callTool('list_labels', {});
      expect(served).toBeGreaterThanOrEqual(3);
      expect(refused).toMatchObject({ isError: true, structuredContent: { error: { code: 'TOO_MANY_REQUESTS' } } });
      expect(refused.content[0]?.text).toMatch(/retry in \d+ s/);
      // Another token of the same user has its own count.
      const other = await MCP_CLIENTS['2025-11-25'](limited.origin, (await user.accessToken()).secret);
      expect((await other.callTool('list_labels', {})).isError).toBeFalsy();
      await other.close();
      let response = await postMcp(limited.origin, secret, rpc(1, 'tools/list'));
      for (let sent = 0; sent < 24 && response.status !== 429; sent++) {
        response = await postMcp(limited.origin, secret, rpc(1, 'tools/list'));
      }
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await mcp.close();
    }
  });
});
