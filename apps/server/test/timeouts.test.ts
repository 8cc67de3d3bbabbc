import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatEvent } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, useServer } from './server-harness.ts';
import { waitFor } from './server-process.ts';

const HEADERS_TIMEOUT = 1_000;
const REQUEST_TIMEOUT = 2_000;
const KEEP_ALIVE_TIMEOUT = 1_000;
const TIMEOUTS = {
  HEADERS_TIMEOUT: String(HEADERS_TIMEOUT),
  REQUEST_TIMEOUT: String(REQUEST_TIMEOUT),
  KEEP_ALIVE_TIMEOUT: String(KEEP_ALIVE_TIMEOUT),
};

const server = useServer(TIMEOUTS);
let token: string;

beforeAll(async () => {
  ({ token } = await server.client().auth.signUp.mutate({ email: 'slow@example.com', password: TEST_PASSWORD }));
});

/** A raw TCP connection to the server: what it answered, and when it closed (ms after opening). */
async function open(origin: string) {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  // The server may close the connection while a byte is on its way.
  socket.on('error', () => {});
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  await once(socket, 'connect');
  const openedAt = Date.now();
  // A reset (the server closing while a byte is on its way) counts as closing.
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - openedAt)));
  /** When the server closed the connection, or null if it was still open `withinMs` after opening. */
  const closedWithin = (withinMs: number) =>
    Promise.race([closed, sleep(withinMs - (Date.now() - openedAt)).then(() => null)]);
  return { socket, received: () => received, openedAt, closedWithin };
}

/** Writes `text` one byte every `everyMs`, as a slow client (or an attacker) would. */
function drip(socket: Socket, text: string, everyMs: number) {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < text.length && socket.writable) socket.write(text.charAt(sent++));
  }, everyMs);
  return { sent: () => sent, stop: () => clearInterval(timer) };
}

/** While a connection is held, the server still answers everyone else at once. */
async function expectStillServing() {
  const started = Date.now();
  const created = await server.client(token).tasks.create.mutate({ title: 'still serving' });
  expect(created.title).toBe('still serving');
  expect(Date.now() - started).toBeLessThan(1_000);
}

describe('deadlines for every phase of a request, over a real socket', () => {
  it('a body that trickles is answered 408 at REQUEST_TIMEOUT and its connection closed; others are served meanwhile', async () => {
    const connection = await open(server.origin);
    const body = JSON.stringify({ json: { title: 'trickled' } }).padEnd(400, ' ');
    connection.socket.write(
      [
        'POST /trpc/tasks.create HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${token}`,
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        '',
        body.slice(0, 8),
      ].join('\r\n'),
    );
    // 392 more bytes at 5 a second: 78 s for the whole body, each byte well within any idle timeout.
    const dripping = drip(connection.socket, body.slice(8), 200);
    try {
      await expectStillServing();
      const closedAfter = await connection.closedWithin(REQUEST_TIMEOUT + 5_000);
      expect(closedAfter, 'the connection is still open').not.toBeNull();
      expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 50);
      expect(closedAfter).toBeLessThan(REQUEST_TIMEOUT + 1_500);
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(dripping.sent()).toBeLessThan(body.length / 4);
    } finally {
      dripping.stop();
    }
    await expectStillServing();
    // A slow client is no failure of the server's: nothing is logged as a warning or an error.
    expect(server.logs.filter((line) => /"level":[4-6]0/.test(line))).toEqual([]);
    const tasks = await server.client(token).tasks.list.query({ limit: 100 });
    expect(tasks.items.map((task) => task.title)).not.toContain('trickled');
  });

  it('headers that trickle are answered 408 at HEADERS_TIMEOUT, before REQUEST_TIMEOUT', async () => {
    const connection = await open(server.origin);
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const dripping = drip(connection.socket, `X-Slow: ${'a'.repeat(200)}`, 100);
    try {
      const closedAfter = await connection.closedWithin(REQUEST_TIMEOUT + 5_000);
      expect(closedAfter, 'the connection is still open').not.toBeNull();
      expect(closedAfter).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 50);
      expect(closedAfter).toBeLessThan(REQUEST_TIMEOUT);
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    } finally {
      dripping.stop();
    }
    await expectStillServing();
  });

  it('an idle keep-alive connection serves the next request within KEEP_ALIVE_TIMEOUT, and is closed after it', async () => {
    const connection = await open(server.origin);
    const answers = () => connection.received().split('HTTP/1.1 200 OK').length - 1;
    const get = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    connection.socket.write(get);
    await waitFor(() => answers() === 1, 'the first answer', 5_000);
    await sleep(KEEP_ALIVE_TIMEOUT / 2);
    connection.socket.write(get);
    await waitFor(() => answers() === 2, 'the second answer, on the same connection', 5_000);
    const idleSince = Date.now() - connection.openedAt;
    expect(connection.received()).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    const closedAfter = await connection.closedWithin(idleSince + KEEP_ALIVE_TIMEOUT + 5_000);
    expect(closedAfter, 'the connection is still open').not.toBeNull();
    const idle = (closedAfter ?? 0) - idleSince;
    expect(idle).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT - 50);
    // Node keeps the socket a little longer than it tells the client (`keepAliveTimeoutBuffer`, 1 s).
    expect(idle).toBeLessThan(KEEP_ALIVE_TIMEOUT + 2_500);
  });
});

describe('answers are not requests: streams outlive REQUEST_TIMEOUT', () => {
  it('a subscription held open for twice REQUEST_TIMEOUT is still one stream, and receives', async () => {
    const client = server.client(token);
    const conversation = await client.conversations.create.mutate({ title: 'a long stream' });
    const logsBefore = server.logs.length;
    const seen = { starts: 0, contents: [] as string[], errors: [] as unknown[] };
    const subscription = client.messages.onMessage.subscribe(
      { conversationId: conversation.id },
      {
        onStarted: () => seen.starts++,
        onData: ({ data }) => {
          if (data.type === 'message') seen.contents.push(data.message.content);
        },
        onError: (error) => seen.errors.push(error),
      },
    );
    try {
      await waitFor(() => seen.starts === 1, 'the subscription to start', 10_000);
      // The stream's heartbeat is every 10 s: nothing crosses the connection meanwhile.
      await sleep(2 * REQUEST_TIMEOUT);
      await client.messages.append.mutate({ conversationId: conversation.id, content: 'still listening' });
      await waitFor(() => seen.contents.includes('still listening'), 'the event', 10_000);
    } finally {
      subscription.unsubscribe();
    }
    expect(seen).toMatchObject({ starts: 1, errors: [] });
    const streams = server.logs
      .slice(logsBefore)
      .filter((line) => line.includes('incoming request') && line.includes('/trpc/messages.onMessage'));
    expect(streams).toHaveLength(1);
  });

  describe('a streamed chat answer longer than REQUEST_TIMEOUT', () => {
    const words = ['Still ', 'writing ', 'this ', 'answer, ', 'slowly.'];
    const everyMs = (2 * REQUEST_TIMEOUT) / (words.length - 1);
    let model: Server;
    let taskchat: RunningServer;

    beforeAll(async () => {
      model = slowModel(words, everyMs);
      model.listen(0, '127.0.0.1');
      await once(model, 'listening');
      const { port } = model.address() as AddressInfo;
      taskchat = await startServer(server.db.orm, {
        ...TIMEOUTS,
        CHAT_MODEL_BASE_URL: `http://127.0.0.1:${port}/v1`,
        CHAT_MODEL: 'slow-model',
      });
    });
    afterAll(async () => {
      await taskchat?.app.close();
      model?.closeAllConnections();
      model?.close();
    });

    it('streams to its end, none of it cut', async () => {
      const { token } = await taskchat.client().auth.signUp.mutate({
        email: `chat-${randomUUID()}@example.com`,
        password: TEST_PASSWORD,
      });
      const client = taskchat.client(token);
      const started = Date.now();
      const events: ChatEvent[] = [];
      for await (const event of await client.chat.send.mutate({ content: 'write slowly', clientId: randomUUID() })) {
        events.push(event);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * REQUEST_TIMEOUT);
      const last = events.at(-1);
      expect(last?.type).toBe('assistant-message');
      expect(last?.type === 'assistant-message' && last.message.content).toBe(words.join(''));
      expect(events.filter((event) => event.type === 'text-delta')).toHaveLength(words.length);
    });
  });
});

/** An OpenAI-compatible model on loopback that streams `words`, one every `everyMs`. */
function slowModel(words: string[], everyMs: number): Server {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-slow', created: 1_700_000_000, model: 'slow-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return createServer(async (request, response) => {
    for await (const _part of request) {
      // the question does not matter
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk({ role: 'assistant', content: '' }));
    for (const [index, word] of words.entries()) {
      if (index > 0) await sleep(everyMs);
      response.write(chunk({ content: word }));
    }
    response.write(chunk({}, 'stop'));
    response.end('data: [DONE]\n\n');
  });
}
