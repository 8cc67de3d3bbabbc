import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { type Database, databaseOf } from '@taskchat/api';
import { createTaskchatClient, type TaskChange, type TaskchatClient } from '@taskchat/client';
import { createOrmConfig } from '@taskchat/db';
import { startRestartableServer, TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { describe, expect, it } from 'vitest';
import { startServer } from './server-harness.ts';
import { exitCode, listeningOrigin, startServerProcess, waitFor } from './server-process.ts';

type Execute = <T = unknown>(statement: string, params?: unknown[]) => Promise<T[]>;
const executeOn =
  (orm: MikroORM): Execute =>
  (statement, params = []) =>
    orm.em.getConnection().execute(statement, params);

/** A new user on `origin`, with one task: its client, id and task id. */
async function userWithTask(origin: string, title = 'Call the dentist') {
  const anonymous = createTaskchatClient({ url: `${origin}/trpc` });
  const { token, user } = await anonymous.auth.signUp.mutate({
    email: `reminders-${randomUUID()}@example.com`,
    password: TEST_PASSWORD,
  });
  const client = createTaskchatClient({ url: `${origin}/trpc`, token });
  const task = await client.tasks.create.mutate({ title });
  return { token, userId: user.id, taskId: task.id, client };
}

/** Every `tasks.onChange` event a client receives, and how often the stream (re)started. */
function watch(client: TaskchatClient) {
  const seen = { events: [] as TaskChange[], starts: 0, errors: [] as unknown[] };
  const subscription = client.tasks.onChange.subscribe(undefined, {
    onStarted: () => seen.starts++,
    onData: (event) => seen.events.push(event),
    onError: (error) => seen.errors.push(error),
  });
  const reminders = () => seen.events.flatMap((e) => (e.type === 'reminder' ? [e.reminder.id] : []));
  return { seen, reminders, stop: () => subscription.unsubscribe() };
}

/** `count` reminders of the task due `secondsFromNow` (negative: already due), in one statement; their ids. */
async function remind(execute: Execute, userId: string, taskId: string, count: number, secondsFromNow = -1) {
  const rows = await execute<{ id: string }>(
    `insert into reminders (id, task_id, user_id, at, fire_at)
     select uuidv7(), ?, ?, now() + ? * interval '1 second', now() + ? * interval '1 second' from generate_series(1, ?)
     returning id`,
    [taskId, userId, secondsFromNow, secondsFromNow, count],
  );
  return rows.map((row) => row.id);
}

/**
 * Records every write of `delivered_at` (a test-only trigger), so a reminder delivered twice, by
 * whichever process, would show as two rows.
 */
async function recordDeliveries(execute: Execute) {
  await execute('create table if not exists delivery_log (reminder_id uuid not null, backend int not null)');
  await execute(`create or replace function log_delivery() returns trigger language plpgsql as $$
    begin insert into delivery_log values (new.id, pg_backend_pid()); return null; end $$`);
  await execute('drop trigger if exists log_delivery on reminders');
  await execute(`create trigger log_delivery after update of delivered_at on reminders
    for each row when (new.delivered_at is not null) execute function log_delivery()`);
}

/**
 * Opens a transaction that claims the reminder as delivery does (its row locked, delivered_at
 * set) and holds it uncommitted; `release` lets it try to commit. Resolves to 'rolled back' or
 * 'committed'.
 */
async function claimInTransaction(db: Database, reminderId: string) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let claimed: (pid: number) => void = () => {};
  const pid = new Promise<number>((resolve) => (claimed = resolve));
  const transaction = db
    .transaction()
    .execute(async (tx) => {
      const row = await tx.selectNoFrom((eb) => eb.fn<number>('pg_backend_pid').as('pid')).executeTakeFirstOrThrow();
      await tx.updateTable('reminders').set({ delivered_at: new Date() }).where('id', '=', reminderId).execute();
      claimed(row.pid);
      await held;
    })
    .then(
      () => 'committed',
      () => 'rolled back',
    );
  return { transaction, pid: await pid, release };
}

const duplicates = <T>(values: T[]) => values.filter((value, index) => values.indexOf(value) !== index);

describe('reminder delivery across server processes', () => {
  const db = useTestDatabase();

  it('two processes racing over 200 due reminders deliver each exactly once, to every open stream of its user on either process', async () => {
    const execute = executeOn(db.orm);
    await recordDeliveries(execute);
    // Small batches and a short interval, so both processes poll many times while the 200 are due.
    const env = {
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      REMINDER_POLL_INTERVAL: '50',
      REMINDER_BATCH_SIZE: '5',
    };
    const processA = startServerProcess(env);
    const processB = startServerProcess(env);
    try {
      const [originA, originB] = await Promise.all([listeningOrigin(processA), listeningOrigin(processB)]);
      // Four users with 50 reminders each (a stream buffers 100 changes), a stream on each process.
      const users = await Promise.all(Array.from({ length: 4 }, () => userWithTask(originA)));
      const watchers = users.map((user) => {
        const onB = createTaskchatClient({ url: `${originB}/trpc`, token: user.token });
        return { user, streams: [watch(user.client), watch(onB)] };
      });
      const all = watchers.flatMap((w) => w.streams);
      await waitFor(() => all.every((s) => s.seen.starts === 1), 'the streams to start', 20_000);

      const due = new Map<string, string[]>();
      for (const { userId, taskId } of users) due.set(userId, await remind(execute, userId, taskId, 50));
      await waitFor(() => all.every((s) => s.reminders().length >= 50), 'every stream to hear its 50', 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show

      for (const { user, streams } of watchers) {
        for (const stream of streams) {
          expect(stream.reminders().sort()).toEqual([...(due.get(user.userId) ?? [])].sort());
          expect(stream.seen.errors).toEqual([]);
        }
      }
      const log = await execute<{ reminder_id: string; backend: number }>('select * from delivery_log');
      const ids = log.map((row) => row.reminder_id);
      expect(ids).toHaveLength(200);
      expect(duplicates(ids)).toEqual([]);
      const undelivered = await execute('select 1 from reminders where delivered_at is null and fire_at <= now()');
      expect(undelivered).toEqual([]);
      for (const stream of all) stream.stop();
    } finally {
      for (const { child } of [processA, processB]) child.kill('SIGTERM');
      await Promise.all([exitCode(processA.child), exitCode(processB.child)]);
    }
  });

  it('what a SIGKILLed process had not committed is delivered by the other: no reminder is left claimed', async () => {
    const execute = executeOn(db.orm);
    const env = { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'warn', REMINDER_POLL_INTERVAL: '100' };
    const doomed = startServerProcess(env);
    const survivor = startServerProcess(env);
    try {
      const [doomedOrigin, survivorOrigin] = await Promise.all([listeningOrigin(doomed), listeningOrigin(survivor)]);
      const user = await userWithTask(survivorOrigin);
      const stream = watch(user.client);
      await waitFor(() => stream.seen.starts === 1, 'the stream to start', 20_000);

      // A delivery in flight when its process dies: a transaction that has claimed a reminder (as
      // the delivery statement does: locked and marked) and is cut off before it commits. The
      // reminder's task is done at first, so no process delivers it before the claim holds it.
      const [held] = await remind(execute, user.userId, user.taskId, 1);
      await execute('update tasks set completed = true, completed_at = now() where id = ?', [user.taskId]);
      const { transaction, pid, release } = await claimInTransaction(databaseOf(db.orm), held as string);
      await execute('update tasks set completed = false, completed_at = null where id = ?', [user.taskId]);
      // Due and of an open task, but locked: every process skips it (skip locked), none delivers it twice.
      doomed.child.kill('SIGKILL');
      expect(await exitCode(doomed.child)).toBeNull();
      const afterKill = await remind(execute, user.userId, user.taskId, 3);
      await waitFor(() => stream.reminders().length === 3, 'the survivor to deliver what fell due', 20_000);
      expect(stream.reminders().sort()).toEqual([...afterKill].sort());

      // The claiming connection dies (as a SIGKILLed process's does): its transaction rolls back,
      // the reminder is due again, and the survivor delivers it, once.
      await execute('select pg_terminate_backend(?)', [pid]);
      release();
      expect(await transaction).toBe('rolled back');
      await waitFor(
        () => stream.reminders().includes(held as string),
        'the held reminder, delivered by the survivor',
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(duplicates(stream.reminders())).toEqual([]);
      expect(doomedOrigin).not.toBe(survivorOrigin);
      stream.stop();
    } finally {
      survivor.child.kill('SIGTERM');
      await exitCode(survivor.child);
    }
  });
});

describe('reminder delivery across a PostgreSQL restart', () => {
  it('is delayed, not lost, and never sent twice to one client; the outage is logged once', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_reminders_restart');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 4 } }));
    const running = await startServer(orm, { REMINDER_POLL_INTERVAL: '100' });
    const execute = executeOn(orm);
    try {
      const user = await userWithTask(running.origin);
      const stream = watch(user.client);
      await waitFor(() => stream.seen.starts === 1, 'the stream to start', 20_000);
      const [before] = await remind(execute, user.userId, user.taskId, 1);
      await waitFor(() => stream.reminders().length === 1, 'the reminder before the outage', 20_000);

      // Falls due while PostgreSQL is down.
      const [during] = await remind(execute, user.userId, user.taskId, 1, 1);
      await postgres.pause();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await postgres.resume();

      // Delivered once the database is back: on the stream, or (if it was delivered before the
      // feed listened again) in reminders.list, which the client refetches on `resync`.
      const listed = async () => {
        try {
          return (await user.client.reminders.list.query()).items.map((r) => r.id);
        } catch {
          return [];
        }
      };
      const deadline = Date.now() + 30_000;
      while (!stream.reminders().includes(during as string)) {
        if (stream.seen.events.some((e) => e.type === 'resync') && (await listed()).includes(during as string)) break;
        if (Date.now() > deadline) throw new Error('the reminder due during the outage never arrived');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(duplicates(stream.reminders())).toEqual([]);
      expect(stream.reminders()[0]).toBe(before);
      expect(stream.seen.events.some((e) => e.type === 'resync')).toBe(true);
      expect(stream.seen.errors).toEqual([]);
      const outage = running.logs.filter((line) => line.includes('reminder delivery cannot reach the database'));
      expect(outage).toHaveLength(1);
      expect(running.logs.some((line) => line.includes('reminder delivery is running again'))).toBe(true);
      stream.stop();
    } finally {
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});
