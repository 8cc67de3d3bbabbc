import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useApi, walkPages } from './harness.ts';

const api = useApi();

describe('tasks', () => {
  it('creates, updates, completes, lists by status and deletes', async () => {
    const { caller } = await api.newUser();
    const milk = await caller.tasks.create({ title: 'Buy milk', description: '2 litres' });
    expect(milk).toEqual({
      id: expect.any(String),
      title: 'Buy milk',
      description: '2 litres',
      completed: false,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const bread = await caller.tasks.create({ title: 'Buy bread' });
    expect(bread.description).toBeNull();

    const done = await caller.tasks.update({ id: milk.id, completed: true, title: 'Buy oat milk', description: null });
    expect(done).toMatchObject({ id: milk.id, completed: true, title: 'Buy oat milk', description: null });
    expect(done.updatedAt.getTime()).toBeGreaterThanOrEqual(milk.updatedAt.getTime());

    expect((await caller.tasks.list()).items.map((t) => t.title)).toEqual(['Buy bread', 'Buy oat milk']);
    expect((await caller.tasks.list({ status: 'open' })).items.map((t) => t.id)).toEqual([bread.id]);
    expect((await caller.tasks.list({ status: 'done' })).items.map((t) => t.id)).toEqual([milk.id]);

    expect(await caller.tasks.delete({ id: bread.id })).toEqual({ id: bread.id, title: bread.title });
    await expectErrorCode(caller.tasks.delete({ id: bread.id }), 'NOT_FOUND');
    expect((await caller.tasks.list()).items.map((t) => t.id)).toEqual([milk.id]);
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

  it('updates a single field: the title alone, the description alone', async () => {
    const { caller } = await api.newUser();
    const task = await caller.tasks.create({ title: 'first', description: 'notes' });
    expect(await caller.tasks.update({ id: task.id, title: 'second' })).toMatchObject({
      title: 'second',
      description: 'notes',
    });
    expect(await caller.tasks.update({ id: task.id, description: 'more' })).toMatchObject({
      title: 'second',
      description: 'more',
    });
  });

  it('refuses an update that changes nothing', async () => {
    const { caller } = await api.newUser();
    const task = await caller.tasks.create({ title: 'x' });
    await expectErrorCode(caller.tasks.update({ id: task.id }), 'BAD_REQUEST');
    await expectErrorCode(caller.tasks.update({ id: task.id, title: undefined }), 'BAD_REQUEST');
  });

  it('an update leaves fields sent as undefined unchanged, and null clears the description', async () => {
    const { caller } = await api.newUser();
    const task = await caller.tasks.create({ title: 'keep me', description: 'notes' });
    const done = await caller.tasks.update({ id: task.id, title: undefined, description: undefined, completed: true });
    expect(done).toMatchObject({ title: 'keep me', description: 'notes', completed: true });
    const cleared = await caller.tasks.update({ id: task.id, description: null });
    expect(cleared).toMatchObject({ title: 'keep me', description: null, completed: true });
    expect(cleared.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());
  });

  it('a cursor belongs to the status it was made for', async () => {
    const { caller } = await api.newUser();
    for (let i = 0; i < 3; i++)
      await caller.tasks.update({ id: (await caller.tasks.create({ title: `t${i}` })).id, completed: true });
    const { nextCursor } = await caller.tasks.list({ status: 'done', limit: 1 });
    expect(nextCursor).not.toBeNull();
    expect((await caller.tasks.list({ status: 'done', limit: 1, cursor: nextCursor ?? undefined })).items).toHaveLength(
      1,
    );
    await expectErrorCode(caller.tasks.list({ status: 'open', cursor: nextCursor ?? undefined }), 'BAD_REQUEST');
  });
});
