import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { ChangeFeed, createCaller, deliverDueReminders } from '../src/index.ts';
import { useApi, walkPages } from './harness.ts';
import { reader } from './stream-reader.ts';

const api = useApi();

const execute = <T = unknown>(statement: string, params: unknown[] = []) =>
  api.db.orm.em.getConnection().execute<T[]>(statement, params);

/** A reminder of the task at an absolute instant `secondsFromNow` away (negative: already due), as the tasks domain would store it. */
async function remind(userId: string, taskId: string, secondsFromNow = -1): Promise<string> {
  const id = randomUUID();
  await execute(
    `insert into reminders (id, task_id, user_id, at, fire_at)
     values (?, ?, ?, now() + ? * interval '1 second', now() + ? * interval '1 second')`,
    [id, taskId, userId, secondsFromNow, secondsFromNow],
  );
  return id;
}

const deliveredAt = async (id: string) =>
  (await execute<{ delivered_at: string | null }>('select delivered_at from reminders where id = ?', [id]))[0]
    ?.delivered_at ?? null;

function watcher(token: string, deps = api.deps) {
  const controller = new AbortController();
  const caller = createCaller(deps, { token, signal: controller.signal });
  return {
    open: async () => reader(await caller.tasks.onChange()),
    close: () => controller.abort(),
  };
}

describe('reminder delivery (deliverDueReminders)', () => {
  it('delivers a due reminder once, to every open stream of its user and to no one else', async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const task = await alice.caller.tasks.create({ title: 'Call the dentist' });
    const [phone, laptop, bobs] = [watcher(alice.token), watcher(alice.token), watcher(bob.token)];
    const streams = [await phone.open(), await laptop.open()];
    const bobStream = await bobs.open();
    // The task's creation may still trail the subscriptions: whatever came so far is not a reminder.
    for (const stream of [...streams, bobStream]) await stream.drain();

    const reminderId = await remind(alice.userId, task.id);
    const later = await remind(alice.userId, task.id, 3_600); // not due yet
    const delivered = await deliverDueReminders(api.deps.db, 1_000);
    expect(delivered.filter((d) => d.userId === alice.userId).map((d) => d.id)).toEqual([reminderId]);
    // Delivered: a second pass finds nothing of it.
    expect((await deliverDueReminders(api.deps.db, 1_000)).map((d) => d.id)).not.toContain(reminderId);

    for (const stream of streams) {
      const events = await stream.drain();
      expect(events).toEqual([
        {
          type: 'reminder',
          reminder: {
            id: reminderId,
            taskId: task.id,
            taskTitle: 'Call the dentist',
            fireAt: expect.any(Date),
            deliveredAt: expect.any(Date),
          },
        },
      ]);
    }
    expect(await bobStream.drain()).toEqual([]);
    expect(await deliveredAt(later)).toBeNull();
    for (const w of [phone, laptop, bobs]) w.close();
  });

  it('does not deliver a reminder of a completed task or of one in the trash; it stays due', async () => {
    const { caller, userId } = await api.newUser();
    const done = await caller.tasks.create({ title: 'done already' });
    const trashed = await caller.tasks.create({ title: 'in the trash' });
    const onCompleted = await remind(userId, done.id);
    const onTrashed = await remind(userId, trashed.id);
    await caller.tasks.complete({ id: done.id });
    await execute('update tasks set deleted_at = now() where id = ?', [trashed.id]);
    const delivered = (await deliverDueReminders(api.deps.db, 1_000)).map((d) => d.id);
    expect(delivered).not.toContain(onCompleted);
    expect(delivered).not.toContain(onTrashed);
    expect(await deliveredAt(onCompleted)).toBeNull();
    expect(await deliveredAt(onTrashed)).toBeNull();
    // Reopened, its reminder is delivered after all.
    await caller.tasks.reopen({ id: done.id });
    expect((await deliverDueReminders(api.deps.db, 1_000)).map((d) => d.id)).toContain(onCompleted);
  });

  it('racing deliveries (8 connections at once) over 200 due reminders deliver each exactly once', async () => {
    const { caller, userId, token } = await api.newUser();
    const task = await caller.tasks.create({ title: 'race' });
    const w = watcher(token);
    const stream = await w.open();
    await stream.drain(); // the task's creation, if it trails the subscription
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add(await remind(userId, task.id));
    const batches = await Promise.all(Array.from({ length: 8 }, () => deliverDueReminders(api.deps.db, 10)));
    const rest = await deliverDueReminders(api.deps.db, 1_000);
    const mine = [...batches.flat(), ...rest].filter((d) => d.userId === userId).map((d) => d.id);
    expect(mine).toHaveLength(200);
    expect(new Set(mine)).toEqual(ids);
    // 100 changes fill the stream's buffer: it ends (the client reconnects and refetches) or hears each once.
    const events = await stream.drain().catch(() => []);
    const heard = events.flatMap((e) => (e.type === 'reminder' ? [e.reminder.id] : []));
    expect(new Set(heard).size).toBe(heard.length);
    w.close();
  });

  it('delivers soonest first, at most a batch at a time', async () => {
    const { caller, userId } = await api.newUser();
    const task = await caller.tasks.create({ title: 'order' });
    const late = await remind(userId, task.id, -10);
    const early = await remind(userId, task.id, -3_600);
    // Anything else due in this database goes first when older; deliver it out of the way.
    await deliverDueReminders(api.deps.db, 10_000);
    expect(await deliveredAt(late)).not.toBeNull();
    const [lateAt, earlyAt] = [await deliveredAt(late), await deliveredAt(early)];
    expect(earlyAt).not.toBeNull();
    expect(new Date(earlyAt as string).getTime()).toBeLessThanOrEqual(new Date(lateAt as string).getTime());
    const more = [await remind(userId, task.id, -30), await remind(userId, task.id, -20)];
    const first = await deliverDueReminders(api.deps.db, 1);
    expect(first.map((d) => d.id)).toEqual([more[0]]);
  });
});

describe('reminders.list', () => {
  it('pages through the caller’s delivered reminders, latest first, each once, without trashed tasks’ or others’', async () => {
    const { caller, userId } = await api.newUser();
    const other = await api.newUser('other');
    const task = await caller.tasks.create({ title: 'Water the plants' });
    const gone = await caller.tasks.create({ title: 'gone' });
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = await remind(userId, task.id);
      // Distinct delivery instants, oldest first.
      await execute(`update reminders set delivered_at = now() - ? * interval '1 minute' where id = ?`, [25 - i, id]);
      ids.push(id);
    }
    const undelivered = await remind(userId, task.id, 3_600);
    const onTrashed = await remind(userId, gone.id);
    await execute('update reminders set delivered_at = now() where id = ?', [onTrashed]);
    await execute('update tasks set deleted_at = now() where id = ?', [gone.id]);
    const othersTask = await other.caller.tasks.create({ title: 'not yours' });
    await execute('update reminders set delivered_at = now() where id = ?', [
      await remind(other.userId, othersTask.id),
    ]);

    const pages = await walkPages((cursor) => caller.reminders.list({ limit: 10, cursor }));
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const listed = pages.flat();
    expect(listed.map((r) => r.id)).toEqual([...ids].reverse());
    expect(listed.map((r) => r.id)).not.toContain(undelivered);
    expect(listed[0]).toEqual({
      id: ids.at(-1),
      taskId: task.id,
      taskTitle: 'Water the plants',
      fireAt: expect.any(Date),
      deliveredAt: expect.any(Date),
    });
    expect((await caller.reminders.list()).items).toHaveLength(20);
    expect((await other.caller.reminders.list()).items.map((r) => r.taskTitle)).toEqual(['not yours']);
  });

  it('refuses another list’s cursor and a limit past 100', async () => {
    const { caller } = await api.newUser();
    for (let i = 0; i < 2; i++) await caller.conversations.create({ title: `c${i}` });
    const { nextCursor } = await caller.conversations.list({ limit: 1 });
    await expectErrorCode(caller.reminders.list({ cursor: nextCursor ?? undefined }), 'BAD_REQUEST');
    await expectErrorCode(caller.reminders.list({ limit: 101 }), 'BAD_REQUEST');
  });
});

describe('tasks.onChange', () => {
  it('sends the caller’s tasks as they are created, updated, completed, moved, deleted and restored', async () => {
    const { caller, token, userId } = await api.newUser();
    const w = watcher(token);
    const stream = await w.open();
    const task = await caller.tasks.create({ title: 'Plan the trip' });
    expect(await stream.next()).toEqual({ type: 'created', task });
    const renamed = await caller.tasks.update({ id: task.id, title: 'Plan the trip to Rome' });
    expect(await stream.next()).toEqual({ type: 'updated', task: renamed });
    const done = await caller.tasks.complete({ id: task.id });
    expect(await stream.next()).toEqual({ type: 'completed', task: done });
    await execute(`update tasks set position = 'a5' where id = ?`, [task.id]);
    expect(await stream.next()).toMatchObject({ type: 'moved', task: { id: task.id } });
    await execute('update tasks set deleted_at = now() where id = ?', [task.id]);
    expect(await stream.next()).toEqual({ type: 'deleted', taskId: task.id });
    // Nothing done inside the trash is announced.
    await execute(`update tasks set title = 'hidden' where id = ?`, [task.id]);
    await execute(`update tasks set title = 'Plan the trip to Rome', deleted_at = null where id = ?`, [task.id]);
    expect(await stream.next()).toMatchObject({
      type: 'restored',
      task: { id: task.id, title: 'Plan the trip to Rome' },
    });
    await caller.tasks.delete({ id: task.id }); // to the trash
    expect(await stream.drain()).toEqual([{ type: 'deleted', taskId: task.id }]);
    await caller.tasks.restore({ id: task.id });
    expect(await stream.next()).toMatchObject({ type: 'restored', task: { id: task.id } });
    await caller.tasks.delete({ id: task.id });
    expect(await stream.drain()).toEqual([{ type: 'deleted', taskId: task.id }]);
    // Purging what is already in the trash announces nothing more.
    await caller.tasks.purge({ id: task.id });
    expect(await stream.drain()).toEqual([]);
    expect((await execute('select 1 from tasks where user_id = ?', [userId])).length).toBe(0);
    w.close();
  });

  it('never sends another user’s changes or reminders', async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const w = watcher(bob.token);
    const stream = await w.open();
    const hers = await alice.caller.tasks.create({ title: 'secret' });
    await alice.caller.tasks.update({ id: hers.id, title: 'still secret' });
    await alice.caller.tasks.complete({ id: hers.id });
    await alice.caller.tasks.reopen({ id: hers.id });
    await remind(alice.userId, hers.id);
    await deliverDueReminders(api.deps.db, 10_000);
    await alice.caller.tasks.delete({ id: hers.id });
    await alice.caller.conversations.create({ title: 'chat' });
    expect(await stream.drain()).toEqual([]);
    // Bob's own still arrive.
    const his = await bob.caller.tasks.create({ title: 'mine' });
    expect(await stream.next()).toEqual({ type: 'created', task: his });
    w.close();
  });

  it('says resync when the change feed reconnects (the client refetches tasks.list and reminders.list)', async () => {
    const feed = new ChangeFeed({ url: api.db.url, logger: api.deps.logger, subscriptionsPerUser: 10 });
    await feed.start();
    try {
      const { caller, token } = await api.newUser();
      const w = watcher(token, { ...api.deps, feed });
      const stream = await w.open();
      const [{ pid } = { pid: 0 }] = await execute<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and query = 'listen taskchat_changes'
         order by backend_start desc limit 1`,
      );
      await execute('select pg_terminate_backend(?)', [pid]);
      expect(await stream.next()).toEqual({ type: 'resync' });
      const task = await caller.tasks.create({ title: 'after the reconnect' });
      expect(await stream.next()).toEqual({ type: 'created', task });
      w.close();
    } finally {
      await feed.stop();
    }
  });

  it('is not heard by conversations.onChange or a message stream', async () => {
    const { caller, token, userId } = await api.newUser();
    const controller = new AbortController();
    const own = createCaller(api.deps, { token, signal: controller.signal });
    const conversation = await caller.conversations.create({ title: 'quiet' });
    const list = reader(await own.conversations.onChange());
    const messages = reader(await own.messages.onMessage({ conversationId: conversation.id }));
    const task = await caller.tasks.create({ title: 'noise' });
    await remind(userId, task.id);
    await deliverDueReminders(api.deps.db, 10_000);
    // The conversation's own creation may still arrive (its notice races the subscription): nothing else.
    const heard = (await list.drain()).filter(
      (event) => !(event.type === 'created' && 'conversation' in event && event.conversation.id === conversation.id),
    );
    expect(heard).toEqual([]);
    expect(await messages.drain()).toEqual([]);
    controller.abort();
  });

  it('ends when its session signs out', async () => {
    const { caller } = await api.newUser();
    const iterator = (await caller.tasks.onChange())[Symbol.asyncIterator]();
    // Settled as soon as it ends (the notice can arrive before signOut answers).
    const ended = iterator.next().then(
      () => 'an event',
      (error: unknown) => error,
    );
    await caller.auth.signOut();
    expect(await ended).toMatchObject({ name: 'AbortError' });
  });
});
