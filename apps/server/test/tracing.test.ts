import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTaskchatClient } from '@taskchat/client';
import { useTestDatabase } from '@taskchat/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCode, listeningOrigin, type ServerProcess, startServerProcess } from './server-process.ts';

/** A span as OTLP/JSON carries it (ids in hex), with its attributes as a plain object. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

const SPAN_KIND_SERVER = 2;

/** An OTLP/HTTP receiver on loopback, as a collector would be: it keeps every body POSTed to /v1/traces. */
async function startReceiver() {
  const bodies: string[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (request.method === 'POST' && request.url === '/v1/traces') bodies.push(body);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const spans = (): ReceivedSpan[] =>
    bodies.flatMap((body) =>
      (
        JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: (ReceivedSpan & { attributes?: OtlpAttribute[] })[] }[] }[];
        }
      ).resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) =>
          scope.spans.map((span) => ({
            ...span,
            parentSpanId: span.parentSpanId ?? '',
            attributes: Object.fromEntries(
              (span.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]),
            ),
          })),
        ),
      ),
    );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function ancestors(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
  return parent ? [parent, ...ancestors(spans, parent)] : [];
}

/**
 * The `kept` spans under `root`, one line each, indented by depth, each under its nearest kept
 * ancestor (Fastify's own spans between them left out), children in start order.
 */
function spanTree(
  spans: ReceivedSpan[],
  root: ReceivedSpan,
  kept: (span: ReceivedSpan) => boolean,
  depth = 0,
): string[] {
  const children = spans
    .filter((span) => kept(span) && ancestors(spans, span).find(kept) === root)
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
  return [`${'  '.repeat(depth)}${root.name}`, ...children.flatMap((child) => spanTree(spans, child, kept, depth + 1))];
}

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return await exitCode(server.child);
}

describe('tracing', () => {
  const db = useTestDatabase();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('exports a request as HTTP → procedure → SQL, and a chat turn down to its model and tool calls, with no secrets or contents', async () => {
    const server = startServerProcess({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Nothing is sent before the shutdown, which must send it all.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    // Distinctive strings, so that finding none of them anywhere in what was exported means something.
    const secret = randomUUID().slice(0, 8);
    const email = `tracing-${secret}@example.com`;
    const password = `pass phrase ${secret} horse battery`;
    const words = `oat milk zq${secret}`;
    const shareToken = `share${secret}`.padEnd(43, 'k');
    let token: string;
    try {
      const origin = await listeningOrigin(server);
      const url = `${origin}/trpc`;
      ({ token } = await createTaskchatClient({ url }).auth.signUp.mutate({ email, password }));
      const client = createTaskchatClient({ url, token });
      // One HTTP request with two calls (a batch), one with the user's words in its query string.
      await Promise.all([client.tasks.list.query(), client.tasks.search.query({ query: words })]);
      await expect(client.conversations.get.query({ id: randomUUID() })).rejects.toThrow();
      // A share link's path is its secret: a made-up one is a 404, and its token is nowhere below.
      expect((await fetch(`${origin}/share/${shareToken}.md`)).status).toBe(404);
      for await (const _ of await client.chat.send.mutate({ content: `add ${words}`, clientId: randomUUID() })) {
      }
    } finally {
      // Exits 0 only once the spans still queued were sent.
      expect(await stop(server)).toBe(0);
    }
    const spans = receiver.spans();
    const named = (name: string) => spans.filter((span) => span.name === name);

    // The batch: one HTTP server span, each call its own procedure span under it, SQL under each.
    const [list] = named('trpc tasks.list');
    const [search] = named('trpc tasks.search');
    // A refusal is the code the caller got, and not a failed span (only a 5xx is).
    expect(named('trpc conversations.get')[0]?.attributes['trpc.code']).toBe('NOT_FOUND');
    expect(named('trpc conversations.get')[0]).not.toHaveProperty('status.code', 2);
    expect(list?.attributes).toMatchObject({ 'rpc.method': 'tasks.list', 'trpc.type': 'query', 'trpc.code': 'OK' });
    const httpOf = (span: ReceivedSpan) => ancestors(spans, span).find((s) => s.kind === SPAN_KIND_SERVER);
    const batchHttp = httpOf(list as ReceivedSpan);
    expect(batchHttp?.attributes['http.request.method']).toBe('GET');
    expect(httpOf(search as ReceivedSpan)?.spanId).toBe(batchHttp?.spanId);
    expect(new Set([list, search, batchHttp].map((span) => span?.traceId)).size).toBe(1);
    const sqlUnder = (span: ReceivedSpan) =>
      spans.filter((s) => s.name.startsWith('pg.query') && ancestors(spans, s).includes(span));
    expect(sqlUnder(list as ReceivedSpan).length).toBeGreaterThan(0);
    expect(sqlUnder(search as ReceivedSpan).length).toBeGreaterThan(0);
    const own = (span: ReceivedSpan) => span.kind === SPAN_KIND_SERVER || /^(trpc|chat)[ .]/.test(span.name);
    // A batch's calls run side by side, so which span starts first varies.
    const [batchRoot, ...batchCalls] = spanTree(spans, batchHttp as ReceivedSpan, own);
    expect(batchRoot).toBe('GET /trpc/:path');
    expect(batchCalls.sort()).toEqual(['  trpc tasks.list', '  trpc tasks.search']);

    // The chat turn: HTTP → chat.send → chat.turn → its model calls and its tool call, the tool's SQL under the tool.
    const [send] = named('trpc chat.send');
    const [turn] = named('chat.turn');
    expect(httpOf(send as ReceivedSpan)?.attributes['http.request.method']).toBe('POST');
    expect(turn?.parentSpanId).toBe(send?.spanId);
    const models = named('chat.model');
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      expect(model.parentSpanId).toBe(turn?.spanId);
      expect(model.attributes).toMatchObject({
        'gen_ai.provider.name': 'taskchat',
        'gen_ai.request.model': 'offline-assistant',
      });
      expect(model.attributes).toHaveProperty('gen_ai.usage.input_tokens');
      expect(model.attributes).toHaveProperty('gen_ai.usage.output_tokens');
    }
    const [tool] = named('chat.tool add_tasks');
    expect(tool?.parentSpanId).toBe(turn?.spanId);
    expect(tool?.attributes).toMatchObject({ 'gen_ai.tool.name': 'add_tasks', 'chat.tool.outcome': 'OK' });
    expect(
      sqlUnder(tool as ReceivedSpan).some((s) =>
        String(s.attributes['db.query.text']).startsWith('insert into "tasks"'),
      ),
    ).toBe(true);
    expect(new Set([send, turn, tool, ...models].map((span) => span?.traceId)).size).toBe(1);
    expect(spanTree(spans, httpOf(send as ReceivedSpan) as ReceivedSpan, own)).toEqual([
      'POST /trpc/:path',
      '  trpc chat.send',
      '    chat.turn',
      '      chat.model',
      '      chat.tool add_tasks',
      '      chat.model',
    ]);

    // Nothing anywhere in what was sent: no credential, no email, no message, no task's words.
    const exported = receiver.bodies.join('\n');
    for (const forbidden of [token, password, email, secret, shareToken, `Bearer`]) {
      expect(exported).not.toContain(forbidden);
    }
  });

  it('exports nothing and loads none of the SDK when no endpoint is set', async () => {
    const before = receiver.bodies.length;
    // NODE_DEBUG=module: the CommonJS loader names every module it looks for (the SDK loads as CommonJS).
    const server = startServerProcess({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'warn', NODE_DEBUG: 'module' });
    try {
      const origin = await listeningOrigin(server);
      await createTaskchatClient({ url: `${origin}/trpc` }).version.get.query();
    } finally {
      await stop(server);
    }
    expect(server.output.stderr).toMatch(/MODULE \d+: looking for "pg-pool"/);
    expect(server.output.stderr).not.toContain('@opentelemetry/sdk-node');
    expect(server.output.stderr).not.toContain('@opentelemetry/instrumentation');
    expect(receiver.bodies.length).toBe(before);
  });
});
