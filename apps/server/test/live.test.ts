import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { type ConversationStreamEvent, createTaskchatClient, type TaskchatClient } from '@taskchat/client';
import { createOrmConfig } from '@taskchat/db';
import { startRestartableServer, TEST_PASSWORD } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from './server-harness.ts';
import { exitCode, listeningOrigin, startServerProcess, waitFor } from './server-process.ts';

const server = useServer();

async function signUp(origin: string): Promise<string> {
  const anonymous = createTaskchatClient({ url: `${origin}/trpc` });
  const { token } = await anonymous.auth.signUp.mutate({
    email: `live-${randomUUID()}@example.com`,
    password: TEST_PASSWORD,
  });
  return token;
}

/** Everything a subscription delivered, as the client package hands it over (`{ id, data }`). */
function watch(client: TaskchatClient, conversationId: string) {
  const seen = { events: [] as { id: string; data: ConversationStreamEvent }[], starts: 0, errors: [] as unknown[] };
  const subscription = client.messages.onMessage.subscribe(
    { conversationId },
    {
      onStarted: () => seen.starts++,
      onData: (event) => seen.events.push(event),
      onError: (error) => seen.errors.push(error),
    },
  );
  const messages = () =>
    seen.events.flatMap((e) =>
      e.data.type === 'message' ? [{ id: e.data.message.id, content: e.data.message.content }] : [],
    );
  return { seen, messages, stop: () => subscription.unsubscribe() };
}

/** A TCP load balancer of one upstream at a time: `to` says where new connections go. */
function balancer(): Promise<{ origin: string; to: (origin: string) => void; close: () => void }> {
  let upstream: URL | null = null;
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const target = upstream;
    if (!target) return client.destroy();
    const server = tcpConnect(Number(target.port), target.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
  });
  return new Promise((resolve) => {
    proxy.listen(0, '127.0.0.1', () => {
      const address = proxy.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        to: (origin) => {
          upstream = new URL(origin);
        },
        close: () => {
          for (const socket of sockets) socket.destroy();
          proxy.close();
        },
      });
    });
  });
}

describe('subscriptions over HTTP (Server-Sent Events)', () => {
  it('deliver through @taskchat/client with the token in a header, never in a URL or a log line', async () => {
    const token = await signUp(server.origin);
    const client = server.client(token);
    const conversation = await client.conversations.create.mutate({ title: 'sse' });
    const watcher = watch(client, conversation.id);
    await waitFor(() => watcher.seen.starts === 1, 'the subscription to start', 10_000);
    const { message } = await client.messages.append.mutate({ conversationId: conversation.id, content: 'hello' });
    await waitFor(() => watcher.messages().length === 1, 'the event', 10_000);
    expect(watcher.seen.events[0]).toEqual({ id: message.id, data: { type: 'message', message } });
    watcher.stop();

    const requestLines = server.logs.filter((line) => line.includes('onMessage'));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of server.logs) expect(line).not.toContain(token);
  });

  it('refuse a subscription without a session (UNAUTHORIZED) and tell the client its heartbeat deadline', async () => {
    const conversationId = randomUUID();
    const input = encodeURIComponent(JSON.stringify({ json: { conversationId } }));
    const response = await fetch(`${server.origin}/trpc/messages.onMessage?input=${input}`, {
      headers: { accept: 'text/event-stream' },
    });
    const body = await response.text();
    expect(body).toContain('event: connected\ndata: {"reconnectAfterInactivityMs":30000}');
    expect(body).toMatch(/event: serialized-error\ndata: .*"code":"UNAUTHORIZED"/);
  });

  it('refuse a stream past LIVE_SUBSCRIPTIONS_PER_ADDRESS from one address, whoever asks (TOO_MANY_REQUESTS)', async () => {
    const limited = await startServer(server.db.orm, { LIVE_SUBSCRIPTIONS_PER_ADDRESS: '1' });
    try {
      const first = limited.client(await signUp(limited.origin));
      const conversation = await first.conversations.create.mutate({ title: 'the one stream' });
      const watcher = watch(first, conversation.id);
      // Started before the append, or the message would come before the stream listens.
      await waitFor(() => watcher.seen.starts === 1, 'the first stream to start', 10_000);
      await first.messages.append.mutate({ conversationId: conversation.id, content: 'heard' });
      await waitFor(() => watcher.messages().length === 1, 'the first stream', 10_000);
      // Another user from the same address (loopback).
      const response = await fetch(`${limited.origin}/trpc/conversations.onChange`, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${await signUp(limited.origin)}` },
      });
      expect(await response.text()).toMatch(/event: serialized-error\ndata: .*"code":"TOO_MANY_REQUESTS"/);
      expect(watcher.seen.errors).toEqual([]);
      watcher.stop();
    } finally {
      await limited.app.close();
    }
  });

  it('fan out across two server processes, and resume on the other when one stops, without loss or duplicates', async () => {
    const env = {
      DATABASE_URL: server.db.url,
      DATABASE_DIRECT_URL: server.db.directUrl,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT: '5000',
    };
    const processA = startServerProcess(env);
    const processB = startServerProcess(env);
    const lb = await balancer();
    try {
      const [originA, originB] = await Promise.all([listeningOrigin(processA), listeningOrigin(processB)]);
      lb.to(originA);
      const token = await signUp(originB);
      const throughB = createTaskchatClient({ url: `${originB}/trpc`, token });
      const behindBalancer = createTaskchatClient({ url: `${lb.origin}/trpc`, token });
      const conversation = await throughB.conversations.create.mutate({ title: 'two processes' });
      const watcher = watch(behindBalancer, conversation.id);
      await waitFor(() => watcher.seen.starts === 1, 'the subscription through A', 10_000);

      for (const content of ['one', 'two']) {
        await throughB.messages.append.mutate({ conversationId: conversation.id, content });
      }
      for await (const _ of await throughB.chat.send.mutate({
        conversationId: conversation.id,
        content: 'add buy milk',
        clientId: randomUUID(),
      })) {
        // the offline assistant's turn, run by B
      }
      await waitFor(() => watcher.messages().length === 4, 'the messages and turn made through B', 10_000);
      expect(watcher.seen.events.map((e) => e.data.type)).toContain('turn-end');

      // A stops (a deploy): its streams end with a reconnect hint; the balancer now sends to B.
      lb.to(originB);
      processA.child.kill('SIGTERM');
      expect(await exitCode(processA.child)).toBe(0);
      for (const content of ['three', 'four']) {
        await throughB.messages.append.mutate({ conversationId: conversation.id, content });
      }
      await waitFor(() => watcher.seen.starts === 2 && watcher.messages().length === 6, 'the resumed stream', 20_000);
      watcher.stop();

      const stored = await throughB.messages.list.query({ conversationId: conversation.id });
      expect(watcher.messages()).toEqual(stored.items.map((m) => ({ id: m.id, content: m.content })));
      expect(watcher.seen.errors).toEqual([]);
    } finally {
      lb.close();
      for (const { child } of [processA, processB]) child.kill('SIGTERM');
      await Promise.all([exitCode(processA.child), exitCode(processB.child)]);
    }
  });
});

describe('a PostgreSQL restart under open subscriptions', () => {
  it('pauses the streams and resumes them with nothing missed; the list stream says resync', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_restart');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 4 } }));
    const running = await startServer(orm);
    try {
      const token = await signUp(running.origin);
      const client = running.client(token);
      const conversation = await client.conversations.create.mutate({ title: 'restart' });
      const watcher = watch(client, conversation.id);
      const changes: string[] = [];
      const list = client.conversations.onChange.subscribe(undefined, { onData: (c) => changes.push(c.type) });
      await waitFor(() => watcher.seen.starts === 1, 'the subscription', 10_000);
      await client.messages.append.mutate({ conversationId: conversation.id, content: 'before' });
      await waitFor(() => watcher.messages().length === 1, 'the first event', 10_000);

      await postgres.restart();
      // Appends answer 503 until the pool has reconnected.
      const append = async (content: string) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await client.messages.append.mutate({
              conversationId: conversation.id,
              content,
              clientId: randomUUID(),
            });
          } catch (error) {
            if (attempt > 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      };
      await append('after one');
      await append('after two');
      await waitFor(() => watcher.messages().length === 3, 'the events after the restart', 20_000);
      await waitFor(() => changes.includes('resync'), 'the list stream to say resync', 20_000);
      expect(watcher.messages().map((m) => m.content)).toEqual(['before', 'after one', 'after two']);
      expect(watcher.seen.errors).toEqual([]);
      watcher.stop();
      list.unsubscribe();
    } finally {
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});
