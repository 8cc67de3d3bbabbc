import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type ConversationStreamEvent, createTaskchatClient } from '@taskchat/client';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { listeningPids, logRecords, send, servedBy } from './cluster-process.ts';
import {
  exitCode,
  listeningOrigin,
  MAIN,
  type ServerProcess,
  startServerProcess as startServer,
  waitFor,
} from './server-process.ts';

/** The workers that served `count` requests for `path`, each on a connection of its own. */
async function workersServing(server: ServerProcess, origin: string, path: string, count = 4): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < count; i++) {
    const requestId = `probe-${randomUUID()}`;
    expect((await send(origin, path, { requestId })).status).toBe(200);
    pids.add(await servedBy(server, requestId));
  }
  return pids;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function signUp(origin: string): Promise<string> {
  const anonymous = createTaskchatClient({ url: `${origin}/trpc` });
  const { token } = await anonymous.auth.signUp.mutate({
    email: `cluster-${randomUUID()}@example.com`,
    password: TEST_PASSWORD,
  });
  return token;
}

// Each test starts a cluster or two (a primary and its workers): slower than one process on a busy machine.
describe('WEB_CONCURRENCY: several server processes on one port', { timeout: 60_000 }, () => {
  const db = useTestDatabase();
  const env = (more: NodeJS.ProcessEnv = {}) => ({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'info',
    WEB_CONCURRENCY: '2',
    ...more,
  });

  /** A cluster that listens, and the pids of its two workers. */
  async function startCluster(more: NodeJS.ProcessEnv = {}) {
    const server = startServer(env(more));
    const origin = await listeningOrigin(server);
    const workers = listeningPids(server);
    return { server, origin, workers };
  }

  async function stop(server: ServerProcess): Promise<number | null> {
    server.child.kill('SIGTERM');
    return await exitCode(server.child);
  }

  it('serves one port from two worker processes, says so once, and live updates cross between them', async () => {
    const { server, origin, workers } = await startCluster();
    try {
      expect(server.output.stdout.match(/Taskchat listening on /g)).toHaveLength(1);
      expect(server.output.stdout).toContain(`(tRPC at ${origin}/trpc; 2 server processes)`);
      expect(new Set(workers).size).toBe(2);
      expect(workers).not.toContain(server.child.pid);
      expect(await workersServing(server, origin, '/healthz')).toEqual(new Set(workers));
      // Without METRICS_PORT or METRICS_TOKEN no process serves /metrics: the main port's is a 404.
      expect((await send(origin, '/metrics')).status).toBe(404);

      // A subscription held by one worker sees the appends each worker serves.
      const token = await signUp(origin);
      const client = createTaskchatClient({ url: `${origin}/trpc`, token });
      const conversation = await client.conversations.create.mutate({ title: 'two workers' });
      const seen: string[] = [];
      let started = false;
      const subscription = client.messages.onMessage.subscribe(
        { conversationId: conversation.id },
        {
          onStarted: () => (started = true),
          onData: ({ data }: { data: ConversationStreamEvent }) => {
            if (data.type === 'message') seen.push(data.message.content);
          },
        },
      );
      await waitFor(() => started, 'the subscription', 10_000);
      const appendedBy = new Set<number>();
      const contents = ['one', 'two', 'three', 'four'];
      for (const content of contents) {
        const requestId = `append-${randomUUID()}`;
        const answer = await send(origin, '/trpc/messages.append', {
          requestId,
          token,
          body: { conversationId: conversation.id, content },
        });
        expect(answer.status).toBe(200);
        appendedBy.add(await servedBy(server, requestId));
      }
      expect(appendedBy).toEqual(new Set(workers));
      await waitFor(() => seen.length === contents.length, 'the appends, live', 10_000);
      expect(seen).toEqual(contents);
      subscription.unsubscribe();
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it('on SIGTERM drains every worker (/readyz 503 from each), loses no acknowledged write, ends them all and exits 0', async () => {
    const { server, origin, workers } = await startCluster({ SHUTDOWN_DRAIN_DELAY: '1500' });
    const token = await signUp(origin);
    const client = createTaskchatClient({ url: `${origin}/trpc`, token });
    const conversation = await client.conversations.create.mutate({ title: 'shutdown' });

    // Writers append one message after another, each on a new connection, until the port refuses them.
    const acknowledged: string[] = [];
    const writer = async () => {
      for (;;) {
        const answer = await send(origin, '/trpc/messages.append', {
          token,
          body: { conversationId: conversation.id, content: `write ${randomUUID()}` },
        }).catch(() => null);
        if (answer?.status !== 200) return;
        const { result } = JSON.parse(answer.body) as { result: { data: { json: { message: { id: string } } } } };
        acknowledged.push(result.data.json.message.id);
      }
    };
    const writers = Promise.all([writer(), writer(), writer()]);
    await waitFor(() => acknowledged.length >= 10, 'the first writes');

    server.child.kill('SIGTERM');
    await waitFor(
      () => logRecords(server.output).filter((record) => record.msg === 'shutting down').length === 2,
      'both workers to begin shutting down',
    );
    const draining = new Set<number>();
    // The balancer hands connections round: writers' connections come between, so ask until each worker answered.
    for (let i = 0; i < 40 && draining.size < workers.length; i++) {
      const requestId = `drain-${randomUUID()}`;
      const ready = await send(origin, '/readyz', { requestId });
      expect(ready).toEqual({ status: 503, body: JSON.stringify({ status: 'draining' }) });
      draining.add(await servedBy(server, requestId));
    }
    expect(draining).toEqual(new Set(workers));

    expect(await exitCode(server.child)).toBe(0);
    await writers;
    expect(workers.filter(isRunning)).toEqual([]);
    const stored = (await db.orm.em
      .getConnection()
      .execute('select id from messages where conversation_id = ?', [conversation.id])) as { id: string }[];
    const storedIds = new Set(stored.map((row) => row.id));
    expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
    await expect(send(origin, '/healthz')).rejects.toThrow();
  });

  it("stops each worker once when a signal reaches the whole process group (a terminal's Ctrl-C, systemd's SIGTERM), exit 0", async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const server = startServer(env(), MAIN, true);
      await listeningOrigin(server);
      // Each worker gets it twice: from the group, and passed on by the primary.
      process.kill(-(server.child.pid as number), signal);
      expect(await exitCode(server.child)).toBe(0);
      const stops = logRecords(server.output).filter((record) => record.msg === 'shutting down');
      expect(stops.map((record) => record.pid).sort()).toEqual(listeningPids(server).sort());
    }
  });

  it('replaces a worker that is killed, and the port keeps serving', async () => {
    const { server, origin, workers } = await startCluster();
    try {
      const [killed, survivor] = workers as [number, number];
      process.kill(killed, 'SIGKILL');
      await waitFor(
        () => logRecords(server.output).some((record) => record.worker === killed && record.signal === 'SIGKILL'),
        'the primary to see the worker end',
      );
      expect((await send(origin, '/healthz')).status).toBe(200);

      await waitFor(() => listeningPids(server).length === 3, 'a replacement to listen');
      const replacement = listeningPids(server)[2] as number;
      expect([killed, survivor, server.child.pid]).not.toContain(replacement);
      expect(await workersServing(server, origin, '/healthz')).toEqual(new Set([survivor, replacement]));
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it('starts one process per core with WEB_CONCURRENCY=auto', async () => {
    const { server, workers } = await startCluster({ WEB_CONCURRENCY: 'auto' });
    expect(workers).toHaveLength(availableParallelism());
    expect(await stop(server)).toBe(0);
  });

  it('refuses a bad WEB_CONCURRENCY, and a port that is taken, with one line and exit 1', async () => {
    const bad = startServer(env({ WEB_CONCURRENCY: '0' }));
    expect(await exitCode(bad.child)).toBe(1);
    expect(bad.output.stderr).toMatch(/^Invalid configuration: WEB_CONCURRENCY .*\(got "0"\)\n$/);

    const { server, origin } = await startCluster();
    try {
      const taken = startServer(env({ PORT: new URL(origin).port }));
      expect(await exitCode(taken.child)).toBe(1);
      expect(taken.output.stderr).toMatch(/^Port \d+ on 127\.0\.0\.1 is already in use: .*\n$/);
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it('refuses to start, in one line, when the database cannot be reached', async () => {
    const unreachable = startServer(env({ DATABASE_URL: 'postgres://taskchat@127.0.0.1:9/taskchat' }));
    expect(await exitCode(unreachable.child)).toBe(1);
    expect(unreachable.output.stderr).toMatch(/^Cannot reach PostgreSQL \(ECONNREFUSED\): .*\n$/);
  });
});
