/**
 * Behind PgBouncer in transaction mode (the `pgbouncer` project: every test database's `url` goes
 * through it, `directUrl` past it). What needs a session must take the direct URL, and a direct URL
 * that keeps no session stops the server at start instead of leaving live updates silent.
 */
import { ChangeFeed } from '@taskchat/api';
import { SessionNotHeldError } from '@taskchat/db';
import { proveSessionHeldOn, startPgBouncer, useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, inject, it } from 'vitest';
import { startServer } from './server-harness.ts';
import { exitCode, listeningOrigin, startServerProcess, waitFor } from './server-process.ts';

const NOT_HELD = new SessionNotHeldError().message;

describe('behind PgBouncer in transaction mode', () => {
  const db = useTestDatabase();

  it('the test database goes through the pooler, which keeps no session; its direct URL keeps one', async () => {
    await expect(proveSessionHeldOn(db.url)).rejects.toThrow(SessionNotHeldError);
    await expect(proveSessionHeldOn(db.directUrl)).resolves.toBeUndefined();
  });

  it('a second server starts after a first one stopped: the migration lock is not left behind on a pooled connection', async () => {
    const env = { DATABASE_URL: db.url, DATABASE_DIRECT_URL: db.directUrl, PORT: '0', LOG_LEVEL: 'warn' };
    const first = startServerProcess(env);
    await listeningOrigin(first);
    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);
    // Taken through the pooler, the session's lock stayed held by a server connection the pooler kept.
    const locks = await db.orm.em
      .getConnection()
      .execute(
        "select count(*)::int as held from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
      );
    expect(locks).toEqual([{ held: 0 }]);

    const second = startServerProcess(env);
    try {
      await listeningOrigin(second);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exitCode(second.child)).toBe(0);
    }
  });

  it('a server given the pooler as its direct URL too (the default: DATABASE_URL) exits 1 at start, in one line', async () => {
    const server = startServerProcess({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'warn' });
    expect(await exitCode(server.child)).toBe(1);
    expect(server.output.stderr).toBe(`${NOT_HELD}\n`);
    expect(NOT_HELD).toMatch(/^DATABASE_DIRECT_URL does not keep a session/);
  });

  it('the change feed refuses to start on a URL that keeps no session (migrations aside)', async () => {
    await expect(startServer(db.orm, { DATABASE_DIRECT_URL: db.url })).rejects.toThrow(SessionNotHeldError);
  });

  it('a feed that reconnects through a pooler now in transaction mode says so and tells no subscription it is live', async () => {
    const serverAdminUrl = inject('databaseAdminUrl');
    const sessions = await startPgBouncer(serverAdminUrl, { poolMode: 'session' });
    const port = Number(new URL(sessions.adminUrl).port);
    const throughPooler = new URL(db.url);
    throughPooler.port = String(port);
    const logged: string[] = [];
    const log = (_details: object, message: string) => logged.push(message);
    const feed = new ChangeFeed({
      url: throughPooler.toString(),
      logger: { error: log, info: log },
      subscriptionsPerUser: 1,
    });
    let transactions: Awaited<ReturnType<typeof startPgBouncer>> | undefined;
    try {
      await feed.start(); // a session pooler keeps the LISTEN's session
      const heard: unknown[] = [];
      const subscription = feed.subscribe({ userId: 'u', sessionId: 's', clientAddress: null }, (e) => heard.push(e));
      await sessions.stop();
      transactions = await startPgBouncer(serverAdminUrl, { port });
      await waitFor(() => logged.includes(NOT_HELD), 'the feed to report the pooler', 30_000);
      expect(heard).toEqual([]);
      subscription.close();
    } finally {
      await feed.stop();
      await sessions.stop();
      await transactions?.stop();
    }
  });
});
