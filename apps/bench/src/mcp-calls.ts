/**
 * MCP tool calls: `tools/call list_tasks` over /mcp in both protocol revisions, side by side with
 * the same read through /trpc (`tasks.list`, Today), each request for another user, on a database
 * of its own. The ratio says what the MCP layer (a server per request, the token, the tool-call
 * limit's count, the JSON-RPC envelope) costs over the API's own path; the same call with an OAuth
 * access token says what finding one costs (oidc-provider's token and client lookups) over a
 * personal access token; `add_tasks` is the write.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { combine, type LoadResult, runLoad } from './load.ts';
import { type HttpRequest, query, type Scenario } from './scenarios.ts';
import { startTarget } from './servers.ts';
import { seedTasks, type TaskUser } from './task-views.ts';

export interface McpCallsScale {
  users: number;
  tasksPerUser: number;
}

export interface McpCallsResult {
  scale: McpCallsScale;
  seedSeconds: number;
  results: Map<string, LoadResult>;
}

/** A personal access token for every user, with every scope (what /mcp authenticates). */
async function insertAccessTokens(url: string, users: TaskUser[]): Promise<string[]> {
  const secrets = users.map(() => `tc_pat_${randomBytes(32).toString('base64url')}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into access_tokens (id, user_id, name, token_hash, scopes)
       select uuidv7(), user_id, 'Bench agent', token_hash, array['tasks:read', 'tasks:write', 'conversations:read']
       from unnest($1::uuid[], $2::text[]) as t(user_id, token_hash)`,
      [users.map((user) => user.userId), secrets.map((secret) => createHash('sha256').update(secret).digest('hex'))],
    );
  } finally {
    await client.end();
  }
  return secrets;
}

/** The issuer the bench's server is told it is: the OAuth tokens are bound to `<it>/mcp`. */
const BENCH_PUBLIC_URL = 'https://bench.taskchat.example';

/**
 * An OAuth access token for every user, as the OAuth server stores one after a consent (one client,
 * a grant per user, an opaque token bound to /mcp with every scope), written straight into its table.
 */
async function insertOAuthAccessTokens(url: string, users: TaskUser[]): Promise<string[]> {
  const tokens = users.map(() => randomBytes(32).toString('base64url'));
  const grants = users.map(() => randomBytes(16).toString('base64url'));
  const now = Math.floor(Date.now() / 1000);
  const scope = 'tasks:read tasks:write conversations:read';
  const resource = `${BENCH_PUBLIC_URL}/mcp`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const metadata = {
      client_id: 'bench-agent',
      client_name: 'Bench agent',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
    await client.query(`insert into oauth_records (model, id, payload) values ('Client', 'bench-agent', $1)`, [
      metadata,
    ]);
    await client.query(
      `insert into oauth_records (model, id, payload, user_id, grant_id, expires_at)
       select m.model, case m.model when 'Grant' then t.grant_id else t.token end,
              case m.model
                when 'Grant' then jsonb_build_object('kind', 'Grant', 'jti', t.grant_id, 'accountId', t.user_id,
                  'clientId', 'bench-agent', 'resources', jsonb_build_object($4::text, $5::text), 'iat', $3::int, 'exp', $3::int + 86400)
                else jsonb_build_object('kind', 'AccessToken', 'jti', t.token, 'accountId', t.user_id, 'clientId', 'bench-agent',
                  'grantId', t.grant_id, 'scope', $5::text, 'aud', $4::text, 'gty', 'authorization_code',
                  'expiresWithSession', false, 'iat', $3::int, 'exp', $3::int + 86400)
              end,
              t.user_id, t.grant_id, now() + interval '1 day'
       from unnest($1::uuid[], $2::text[], $6::text[]) as t(user_id, token, grant_id)
       cross join (values ('Grant'), ('AccessToken')) as m(model)`,
      [users.map((user) => user.userId), tokens, now, resource, scope, grants],
    );
  } finally {
    await client.end();
  }
  return tokens;
}

type Revision = '2025-11-25' | '2026-07-28';

/** A JSON-RPC request to /mcp as each revision's client sends it (2026-07-28 carries its envelope in `_meta`). */
function mcpRequest(secret: string, revision: Revision, method: string, params: Record<string, unknown>): HttpRequest {
  const meta =
    revision === '2026-07-28'
      ? {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': revision,
            'io.modelcontextprotocol/clientInfo': { name: 'taskchat-bench', version: '1.0.0' },
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        }
      : {};
  return {
    method: 'POST',
    path: '/mcp',
    headers: {
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': revision,
      ...(revision === '2026-07-28' && { 'mcp-method': method }),
      ...(revision === '2026-07-28' && typeof params.name === 'string' && { 'mcp-name': params.name }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, ...meta } }),
  };
}

/** A 200 whose JSON-RPC answer is an error, or a tool result with isError, failed. */
const failedCall = (body: string) => /"error":\{|"isError":true/.test(body);

function mcpScenarios(users: TaskUser[], secrets: string[], oauthTokens: string[]): Scenario[] {
  let n = 0;
  const next = () => n++ % users.length;
  const listTasks =
    (revision: Revision, tokens = secrets) =>
    () =>
      mcpRequest(tokens[next()] as string, revision, 'tools/call', {
        name: 'list_tasks',
        arguments: { view: 'today', limit: 20 },
      });
  return [
    {
      name: 'tasks.list (today) over /trpc',
      next: () => query('tasks.list', (users[next()] as TaskUser).token, { view: 'today', limit: 20 }),
      readOnly: true,
    },
    {
      name: 'list_tasks (today) over /mcp, 2026-07-28',
      next: listTasks('2026-07-28'),
      readOnly: true,
      failedAnswer: failedCall,
    },
    {
      name: 'list_tasks (today) over /mcp with an OAuth token, 2026-07-28',
      next: listTasks('2026-07-28', oauthTokens),
      readOnly: true,
      failedAnswer: failedCall,
    },
    {
      name: 'list_tasks (today) over /mcp, 2025-11-25',
      next: listTasks('2025-11-25'),
      readOnly: true,
      failedAnswer: failedCall,
    },
    {
      name: 'tools/list over /mcp, 2026-07-28',
      next: () => mcpRequest(secrets[next()] as string, '2026-07-28', 'tools/list', {}),
      readOnly: true,
      failedAnswer: failedCall,
    },
    {
      name: 'add_tasks (one task) over /mcp, 2026-07-28',
      next: () =>
        mcpRequest(secrets[next()] as string, '2026-07-28', 'tools/call', {
          name: 'add_tasks',
          arguments: { tasks: [{ title: `Bench task ${n}`, due: 'tomorrow at 9am' }] },
        }),
      readOnly: false,
      failedAnswer: failedCall,
    },
  ];
}

/** Seeds the users, serves them with one Taskchat process (no MCP limits), and measures the scenarios in alternating rounds. */
export async function runMcpCalls(
  adminUrl: string,
  scale: McpCallsScale,
  options: { seconds: number; rounds: number; connections: number; poolSize: number },
): Promise<McpCallsResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  let stop: (() => Promise<void>) | undefined;
  try {
    const started = performance.now();
    const users = await seedTasks(database.url, scale.users, scale.tasksPerUser);
    const secrets = await insertAccessTokens(database.url, users);
    const oauthTokens = await insertOAuthAccessTokens(database.url, users);
    const seedSeconds = (performance.now() - started) / 1000;
    const running = await startTarget('taskchat', database.url, options.poolSize, null, {
      env: { MCP_REQUESTS_PER_MINUTE: '0', MCP_TOOL_CALLS_PER_MINUTE: '0', PUBLIC_URL: BENCH_PUBLIC_URL },
    });
    stop = running.stop;
    const scenarios = mcpScenarios(users, secrets, oauthTokens);
    for (const scenario of scenarios) await runLoad(running.origin, scenario, 1, options.connections);
    const rounds = new Map<string, LoadResult[]>(scenarios.map((scenario) => [scenario.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
        rounds.get(scenario.name)?.push(await runLoad(running.origin, scenario, options.seconds, options.connections));
      }
    }
    const results = new Map([...rounds].map(([name, measured]) => [name, combine(measured)]));
    for (const [name, result] of results)
      console.error(`mcp: ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms`);
    return { scale, seedSeconds, results };
  } finally {
    await stop?.();
    await dropDatabase(adminUrl, database.name);
  }
}

export const mcpCallsFailed = ({ results }: McpCallsResult) =>
  results.size === 0 || [...results.values()].some((result) => result.errors > 0 || result.requests === 0);

/** The MCP section of the results file: each scenario, and each /mcp read's p50 over /trpc's. */
export function renderMcpCallsReport({ scale, seedSeconds, results }: McpCallsResult, connections: number): string {
  const rows = [...results].map(
    ([name, result]) =>
      `| ${name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.errors} |`,
  );
  const trpc = results.get('tasks.list (today) over /trpc')?.p50 ?? 0;
  const ratios = [...results]
    .filter(([name]) => name.startsWith('list_tasks'))
    .map(([name, result]) => `${name}: ${trpc > 0 ? (result.p50 / trpc).toFixed(2) : 'n/a'}`);
  return [
    `## MCP tool calls (Taskchat only, ${connections} connections)`,
    '',
    `Each request for another of ${scale.users} users of ${scale.tasksPerUser} tasks, with a personal access token of every scope (or, where named, an OAuth access token); MCP limits off. Seeding took ${seedSeconds.toFixed(0)} s.`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `p50 of the same read over /mcp, over /trpc: ${ratios.join('; ')}.`,
    '',
  ].join('\n');
}
