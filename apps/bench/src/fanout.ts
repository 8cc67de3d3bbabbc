/**
 * The fan-out scenario (Taskchat only): two server processes on one database, every subscriber on
 * A, every writer on B, so each message reaches its subscriber through PostgreSQL LISTEN/NOTIFY.
 * Measures what an open `messages.onMessage` stream costs A in memory, and how long after B
 * answers an append its message reaches the subscriber on A.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTaskchatClient, type TaskchatClient } from '@taskchat/client';
import { dropDatabase, newId } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { percentile } from './load.ts';
import { insertUsers } from './seed.ts';
import { type RunningTarget, startTarget } from './servers.ts';

export interface FanoutScale {
  users: number;
  /** One subscription per conversation. */
  conversationsPerUser: number;
  appends: number;
  /** Appends in flight at once. */
  concurrency: number;
}

/** Bytes; null where they cannot be read (RSS outside Linux). */
interface Memory {
  rss: number | null;
  heapUsed: number;
}

export interface FanoutResult {
  scale: FanoutScale;
  subscriptions: number;
  openSeconds: number;
  before: Memory;
  after: Memory;
  /** Milliseconds from B's answer to the event on A (negative when the event came first), one per append. */
  answerToEvent: number[];
  /** Milliseconds from sending the append to the event on A. */
  sentToEvent: number[];
  errors: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
}

/** An append whose event has not arrived within this long counts as an error. */
const EVENT_TIMEOUT_MS = 5_000;
const OPEN_TIMEOUT_MS = 60_000;
/** Lets closed connections and buffers settle before memory is read. */
const SETTLE_MS = 1_000;
/** The first appends compile the code both processes run for them: checked, not measured. */
const WARM_UP_APPENDS = 8;

/** `promise`'s value, or null when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  const timer = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, null, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function readRss(pid: number): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kib === undefined ? null : Number(kib) * 1024;
}

/**
 * A's memory after full collections, through its inspector (A runs with --inspect): without them
 * the difference would be mostly garbage awaiting collection, not what the subscriptions hold.
 */
async function measureMemory(pid: number, inspectPort: number): Promise<Memory> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(targets[0]?.webSocketDebuggerUrl ?? '');
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error("A's inspector cannot be reached")), { once: true });
  });
  const replies = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (reply.id !== undefined) replies.get(reply.id)?.(reply.result);
  });
  let lastId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      replies.set(++lastId, resolve);
      socket.send(JSON.stringify({ id: lastId, method, params }));
    });
  try {
    for (let i = 0; i < 2; i++) await call('HeapProfiler.collectGarbage');
    const evaluated = (await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    })) as { result: { value: number } };
    return { rss: await readRss(pid), heapUsed: evaluated.result.value };
  } finally {
    socket.close();
  }
}

/** `users` users with a session each, each owning `conversationsPerUser` empty conversations. */
async function seedFanout(url: string, scale: FanoutScale) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const users = await insertUsers(client, scale.users);
    const conversations = users.ids.flatMap((userId, user) =>
      Array.from({ length: scale.conversationsPerUser }, () => ({ id: newId(), userId, user })),
    );
    await client.query(
      `insert into conversations (id, user_id, title)
       select id, user_id, 'Fan-out ' || n from unnest($1::uuid[], $2::uuid[]) with ordinality as c(id, user_id, n)`,
      [conversations.map((c) => c.id), conversations.map((c) => c.userId)],
    );
    await client.query('analyze');
    return { tokens: users.tokens, conversations };
  } finally {
    await client.end();
  }
}

/** An append waiting for its event, found by its clientId. */
interface Expected {
  conversationId: string;
  arrived: PromiseWithResolvers<{ at: number; messageId: string }>;
  settled: boolean;
}

export async function runFanout(adminUrl: string, scale: FanoutScale, poolSize: number): Promise<FanoutResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  const running: RunningTarget[] = [];
  const open: { unsubscribe(): void }[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let closing = false;
  const fail = (what: string) => {
    if (closing) return;
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  try {
    const { tokens, conversations } = await seedFanout(database.url, scale);
    // Each user holds conversationsPerUser streams on A: more than the default per-user limit; all of
    // them come from one address (loopback), and there may be more than the default per-process limit.
    const env = {
      LIVE_SUBSCRIPTIONS_PER_USER: '10000',
      LIVE_SUBSCRIPTIONS_PER_ADDRESS: '0',
      LIVE_SUBSCRIPTIONS_PER_PROCESS: '1000000',
    };
    const inspectPort = await freePort();
    const a = await startTarget('taskchat', database.url, poolSize, null, {
      env,
      nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
    });
    running.push(a);
    const b = await startTarget('taskchat', database.url, poolSize, null, { env });
    running.push(b);

    const clientsOf = (origin: string) => tokens.map((token) => createTaskchatClient({ url: `${origin}/trpc`, token }));
    const subscribers = clientsOf(a.origin);
    const expected = new Map<string, Expected>();
    const subscribe = (conversationId: string, client: TaskchatClient) => {
      const started = Promise.withResolvers<void>();
      const subscription = client.messages.onMessage.subscribe(
        { conversationId },
        {
          onStarted: () => started.resolve(),
          onData: ({ data }) => {
            if (data.type !== 'message') return;
            const at = performance.now();
            const { message } = data;
            const append = message.clientId === null ? undefined : expected.get(message.clientId);
            if (message.conversationId !== conversationId) {
              fail(`an event of ${message.conversationId} reached the subscriber of ${conversationId}`);
            } else if (append?.conversationId !== conversationId) {
              fail(`unexpected message ${message.id} in ${conversationId}`);
            } else if (append.settled) {
              fail(`message ${message.id} arrived twice or after ${EVENT_TIMEOUT_MS} ms`);
            } else {
              append.settled = true;
              append.arrived.resolve({ at, messageId: message.id });
            }
          },
          onError: (error) => {
            fail(`subscription to ${conversationId} failed: ${error.message}`);
            started.resolve(); // counted: waiting on it longer would only delay the report
          },
          // A refused or dropped stream reconnects by itself, reported here rather than to onError.
          onConnectionStateChange: (state) => {
            if (state.state === 'connecting' && state.error) {
              fail(`subscription to ${conversationId} reconnecting: ${state.error.message}`);
            }
          },
        },
      );
      open.push(subscription);
      return { started: started.promise, subscription };
    };

    // One stream opened and closed first, so code loaded and compiled on first use is not counted.
    const warmUp = subscribe((conversations[0] as { id: string }).id, subscribers[0] as TaskchatClient);
    await within(warmUp.started, OPEN_TIMEOUT_MS);
    warmUp.subscription.unsubscribe();
    await sleep(SETTLE_MS);
    const before = await measureMemory(a.pid, inspectPort);

    const openStart = performance.now();
    const allStarted = Promise.all(
      conversations.map(({ id, user }) => subscribe(id, subscribers[user] as TaskchatClient).started),
    );
    if ((await within(allStarted, OPEN_TIMEOUT_MS)) === null) {
      fail(`not every subscription started within ${OPEN_TIMEOUT_MS / 1000} s`);
    }
    const openSeconds = (performance.now() - openStart) / 1000;
    await sleep(SETTLE_MS);
    const after = await measureMemory(a.pid, inspectPort);

    // Each worker has its own clients, so no two appends share a batched request.
    const answerToEvent: number[] = [];
    const sentToEvent: number[] = [];
    let next = 0;
    const worker = async () => {
      const writers = clientsOf(b.origin);
      for (let n = next++; n < WARM_UP_APPENDS + scale.appends; n = next++) {
        const { id: conversationId, user } = conversations[Math.floor(Math.random() * conversations.length)] as {
          id: string;
          user: number;
        };
        const clientId = randomUUID();
        const append: Expected = { conversationId, arrived: Promise.withResolvers(), settled: false };
        expected.set(clientId, append);
        const sent = performance.now();
        try {
          const { message } = await (writers[user] as TaskchatClient).messages.append.mutate({
            conversationId,
            content: `fan-out ${n}`,
            clientId,
          });
          const answered = performance.now();
          const event = await within(append.arrived.promise, EVENT_TIMEOUT_MS);
          if (event === null) {
            append.settled = true;
            fail(`no event for message ${message.id} within ${EVENT_TIMEOUT_MS} ms`);
          } else if (event.messageId !== message.id) {
            fail(`append answered ${message.id} but the event carried ${event.messageId}`);
          } else if (n >= WARM_UP_APPENDS) {
            answerToEvent.push(event.at - answered);
            sentToEvent.push(event.at - sent);
          }
        } catch (error) {
          fail(`append failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: scale.concurrency }, worker));

    return {
      scale,
      subscriptions: conversations.length,
      openSeconds,
      before,
      after,
      answerToEvent,
      sentToEvent,
      errors,
      errorSamples,
    };
  } finally {
    closing = true;
    for (const subscription of open) subscription.unsubscribe();
    await Promise.all(running.map((target) => target.stop()));
    await dropDatabase(adminUrl, database.name);
  }
}

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 1024 / 1024).toFixed(1));
const perSubscription = (before: number | null, after: number | null, count: number) =>
  before === null || after === null || count === 0 ? 'n/a' : ((after - before) / count / 1024).toFixed(1);
const ms = (values: number[]) => `${percentile(values, 50).toFixed(1)} / ${percentile(values, 99).toFixed(1)}`;

/** The fan-out section of the results file. */
export function renderFanoutReport(result: FanoutResult): string {
  const { scale, subscriptions, before, after } = result;
  return [
    '## Fan-out: subscribers on one process, appends through another (Taskchat only)',
    '',
    `Two Taskchat processes on one database. A holds ${subscriptions.toLocaleString('en-US')} \`messages.onMessage\` streams (${scale.users} users × ${scale.conversationsPerUser} conversations, one stream each, through @taskchat/client); ${scale.appends} \`messages.append\` calls go through B (after ${WARM_UP_APPENDS} unmeasured), ${scale.concurrency} in flight, each to a random one of those conversations. Memory is read after two full collections (through A's inspector), after a warm-up stream was opened and closed.`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| subscriptions open on A | ${subscriptions.toLocaleString('en-US')} (opened in ${result.openSeconds.toFixed(1)} s) |`,
    `| A's RSS before → after, MiB | ${mib(before.rss)} → ${mib(after.rss)} |`,
    `| RSS per subscription, KiB | ${perSubscription(before.rss, after.rss, subscriptions)} |`,
    `| A's heap in use before → after, MiB | ${mib(before.heapUsed)} → ${mib(after.heapUsed)} |`,
    `| heap per subscription, KiB | ${perSubscription(before.heapUsed, after.heapUsed, subscriptions)} |`,
    `| events received / appends | ${result.answerToEvent.length} / ${scale.appends} |`,
    `| append answered (B) → event (A), p50 / p99 ms | ${ms(result.answerToEvent)} |`,
    `| append sent (B) → event (A), p50 / p99 ms | ${ms(result.sentToEvent)} |`,
    `| errors (failed subscriptions or appends, events missing after ${EVENT_TIMEOUT_MS / 1000} s) | ${result.errors} |`,
    ...(result.errorSamples.length ? ['', ...result.errorSamples.map((sample) => `- ${sample}`)] : []),
    '',
  ].join('\n');
}
