import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useApi, walkPages } from './harness.ts';

const api = useApi();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('tasks', () => {
  it('creates, updates, completes, reopens, lists and deletes', async () => {
    const { caller } = await api.newUser();
    const milk = await caller.tasks.create({ title: 'Buy milk', description: '2 litres' });
    expect(milk).toEqual({
      id: expect.any(String),
      title: 'Buy milk',
      description: '2 litres',
      projectId: expect.any(String),
      parentId: null,
      position: expect.any(String),
      due: null,
      deadline: null,
      priority: 4,
      recurrence: null,
      labels: [],
      reminders: [],
      completed: false,
      completedAt: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const bread = await caller.tasks.create({ title: 'Buy bread' });
    expect(bread.description).toBeNull();
    expect(bread.projectId).toBe(milk.projectId);
    expect(bread.position > milk.position).toBe(true);

    const renamed = await caller.tasks.update({ id: milk.id, title: 'Buy oat milk', description: null });
    expect(renamed).toMatchObject({ id: milk.id, title: 'Buy oat milk', description: null });
    const done = await caller.tasks.complete({ id: milk.id });
    expect(done).toMatchObject({ completed: true, completedAt: expect.any(Date) });

    expect((await caller.tasks.list()).items.map((t) => t.title)).toEqual(['Buy bread', 'Buy oat milk']);
    expect((await caller.tasks.list({ view: 'inbox' })).items.map((t) => t.id)).toEqual([bread.id]);
    expect((await caller.tasks.list({ view: 'done' })).items.map((t) => t.id)).toEqual([milk.id]);

    expect(await caller.tasks.reopen({ id: milk.id })).toMatchObject({ completed: false, completedAt: null });
    expect((await caller.tasks.list({ view: 'inbox' })).items.map((t) => t.id)).toEqual([milk.id, bread.id]);

    expect(await caller.tasks.delete({ id: bread.id })).toEqual({ id: bread.id, title: bread.title });
    await expectErrorCode(caller.tasks.delete({ id: bread.id }), 'NOT_FOUND');
    expect((await caller.tasks.list()).items.map((t) => t.id)).toEqual([milk.id]);
  });

  it('stores every field: due (date only and timed), deadline, priority, recurrence, labels, reminders', async () => {
    const { caller } = await api.newUser();
    const date = inDays(3);
    const task = await caller.tasks.create({
      title: 'Pay rent',
      due: { date, time: '18:30' },
      deadline: inDays(5),
      priority: 1,
      recurrence: 'FREQ=MONTHLY',
      labels: ['bills', 'Home', 'BILLS'],
      reminders: [{ minutesBefore: 30 }, { at: new Date(Date.now() + 3_600_000) }],
    });
    expect(task.due).toEqual({ date, time: '18:30', at: new Date(`${date}T18:30:00Z`) });
    expect(task).toMatchObject({
      deadline: inDays(5),
      priority: 1,
      recurrence: 'FREQ=MONTHLY',
      labels: ['bills', 'Home'],
    });
    expect(task.reminders).toHaveLength(2);
    expect(task.reminders[0]).toMatchObject({ minutesBefore: 30, at: null, deliveredAt: null });
    expect(task.reminders[0]?.fireAt).toEqual(new Date(`${date}T18:00:00Z`));
    expect(task.reminders[1]?.fireAt).toEqual(task.reminders[1]?.at);

    // A new date keeps the rule; relative reminders follow the due; a date-only due moment is 09:00.
    const moved = await caller.tasks.update({ id: task.id, due: { date: inDays(4) } });
    expect(moved.due).toEqual({ date: inDays(4), time: null, at: null });
    expect(moved.recurrence).toBe('FREQ=MONTHLY');
    expect(moved.reminders[0]?.fireAt).toEqual(new Date(`${inDays(4)}T08:30:00Z`));
    const cleared = await caller.tasks.update({ id: task.id, recurrence: null, labels: [], reminders: [], due: null });
    expect(cleared).toMatchObject({ due: null, recurrence: null, labels: [], reminders: [] });
    expect((await caller.labels.list()).map((label) => [label.name, label.openTaskCount])).toEqual([
      ['bills', 0],
      ['Home', 0],
    ]);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const { caller } = await api.newUser();
    const other = await api.newUser();
    const theirs = await other.caller.tasks.create({ title: 'theirs' });
    const cases: [Record<string, unknown>, string][] = [
      [{ recurrence: 'FREQ=SOMETIMES' }, 'recurrence'],
      [{ recurrence: 'FREQ=HOURLY', due: { date: inDays(1) } }, 'recurrence'],
      [{ recurrence: 'FREQ=DAILY' }, 'recurrence'],
      [{ recurrence: 'FREQ=DAILY;UNTIL=20200101', due: { date: inDays(1) } }, 'recurrence'],
      [{ recurrence: `FREQ=DAILY;${'X'.repeat(600)}`, due: { date: inDays(1) } }, 'recurrence'],
      [{ due: { date: '2026-02-30' } }, 'due'],
      [{ due: { date: inDays(1), time: '25:00' } }, 'due'],
      [{ deadline: '2026-13-01' }, 'deadline'],
      [{ reminders: [{ at: new Date(Date.now() - 60_000) }] }, 'reminders'],
      [{ reminders: Array.from({ length: 11 }, () => ({ minutesBefore: 5 })) }, 'reminders'],
      [{ priority: 5 }, 'priority'],
      [{ labels: ['two words'] }, 'labels'],
    ];
    for (const [fields, field] of cases) {
      const error = await expectErrorCode(caller.tasks.create({ title: 'x', ...fields } as never), 'BAD_REQUEST');
      expect(`${error.message} ${JSON.stringify((error as { data?: unknown }).data ?? {})}`).toContain(field);
    }
    await expectErrorCode(caller.tasks.create({ title: 'x', parentId: theirs.id }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.create({ title: 'x', projectId: theirs.projectId }), 'NOT_FOUND');
    expect((await caller.tasks.list()).items).toEqual([]);
    expect(await caller.labels.list()).toEqual([]);
  });

  it('pages through tasks newest first, each exactly once', async () => {
    const { caller } = await api.newUser();
    const created: string[] = [];
    for (let i = 0; i < 45; i++) created.push((await caller.tasks.create({ title: `task ${i}` })).id);
    const pages = await walkPages((cursor) => caller.tasks.list({ limit: 20, cursor }));
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat().map((t) => t.id)).toEqual(created.reverse());
  });

  it('keeps limits: title 255 accepted and 256 refused, description 2,000 and 2,001, list limit 100 and 101', async () => {
    const { caller } = await api.newUser();
    await caller.tasks.create({ title: 't'.repeat(255), description: 'd'.repeat(2_000) });
    await expectErrorCode(caller.tasks.create({ title: 't'.repeat(256) }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.create({ title: 'ok', description: 'd'.repeat(2_001) }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.create({ title: '   ' }), 'BAD_REQUEST');
    expect((await caller.tasks.list({ limit: 100 })).items).toHaveLength(1);
    await expectErrorCode(caller.tasks.list({ limit: 101 }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.list({ limit: 0 }), 'BAD_REQUEST');
  });

  it('refuses an update that changes nothing', async () => {
    const { caller } = await api.newUser();
    const task = await caller.tasks.create({ title: 'x' });
    await expectErrorCode(caller.tasks.update({ id: task.id }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.update({ id: task.id, title: undefined }), 'BAD_REQUEST');
  });

  it('a cursor belongs to the view it was made for', async () => {
    const { caller } = await api.newUser();
    for (let i = 0; i < 3; i++) await caller.tasks.complete({ id: (await caller.tasks.create({ title: `t${i}` })).id });
    const { nextCursor } = await caller.tasks.list({ view: 'done', limit: 1 });
    expect(nextCursor).not.toBeNull();
    expect((await caller.tasks.list({ view: 'done', limit: 1, cursor: nextCursor ?? undefined })).items).toHaveLength(
      1,
    );
    await expectErrorCode(caller.tasks.list({ view: 'all', cursor: nextCursor ?? undefined }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.list({ view: 'inbox', cursor: nextCursor ?? undefined }), 'BAD_REQUEST');
  });

  it('completing a parent completes its open one-off subtasks, at every depth', async () => {
    const { caller } = await api.newUser();
    const parent = await caller.tasks.create({ title: 'move house' });
    const child = await caller.tasks.create({ title: 'pack', parentId: parent.id });
    const grandchild = await caller.tasks.create({ title: 'buy boxes', parentId: child.id });
    const recurring = await caller.tasks.create({
      title: 'water plants',
      parentId: parent.id,
      due: { date: inDays(1) },
      recurrence: 'FREQ=DAILY',
    });
    expect(child).toMatchObject({ parentId: parent.id, projectId: parent.projectId });
    await caller.tasks.complete({ id: parent.id });
    const done = (await caller.tasks.list({ view: 'done' })).items.map((t) => t.id).sort();
    expect(done).toEqual([parent.id, child.id, grandchild.id].sort());
    expect((await caller.tasks.list({ view: 'inbox' })).items.map((t) => t.id)).toEqual([recurring.id]);
  });

  it('refuses subtasks deeper than the limit', async () => {
    const { caller } = await api.newUser();
    let parent = await caller.tasks.create({ title: 'level 1' });
    for (let level = 2; level <= 4; level++) {
      parent = await caller.tasks.create({ title: `level ${level}`, parentId: parent.id });
    }
    const error = await expectErrorCode(caller.tasks.create({ title: 'level 5', parentId: parent.id }), 'BAD_REQUEST');
    expect(error.message).toContain('parentId');
  });
});
