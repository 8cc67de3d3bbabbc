import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { purgeExpiredTaskTrash } from '../src/index.ts';
import { type Caller, useApi, walkPages } from './harness.ts';

const api = useApi();

const ids = (items: { id: string }[]) => items.map((item) => item.id);

/** A task and a chain under it: parent > child > grandchild (subtasks set by hand: tasks.create takes no parent yet). */
async function tree(caller: Caller, userId: string, title = 'plan trip') {
  const parent = await caller.tasks.create({ title });
  const child = await caller.tasks.create({ title: `${title}: book train` });
  const grandchild = await caller.tasks.create({ title: `${title}: compare fares` });
  await api.deps.db
    .updateTable('tasks')
    .set({ parent_id: parent.id })
    .where('id', '=', child.id)
    .where('user_id', '=', userId)
    .execute();
  await api.deps.db
    .updateTable('tasks')
    .set({ parent_id: child.id })
    .where('id', '=', grandchild.id)
    .where('user_id', '=', userId)
    .execute();
  return { parent: parent.id, child: child.id, grandchild: grandchild.id };
}

const listed = async (caller: Caller) => ids((await caller.tasks.list({ limit: 100 })).items);
const trashed = async (caller: Caller) => ids((await caller.tasks.trash({ limit: 100 })).items);

describe('the tasks trash', () => {
  it('moves a task to the trash with its subtasks, answers its id and title, and hides them from everything else', async () => {
    const { caller, userId } = await api.newUser();
    const { parent, child, grandchild } = await tree(caller, userId);
    const other = await caller.tasks.create({ title: 'other' });
    expect(await caller.tasks.delete({ id: parent })).toEqual({ id: parent, title: 'plan trip' });
    expect(await listed(caller)).toEqual([other.id]);
    expect((await trashed(caller)).sort()).toEqual([parent, child, grandchild].sort());
    const [first] = (await caller.tasks.trash()).items;
    expect(first?.deletedAt).toBeInstanceOf(Date);
    // In the trash: not to be deleted, updated or completed again.
    await expectErrorCode(caller.tasks.delete({ id: child }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.update({ id: parent, title: 'x' }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.complete({ id: child }), 'NOT_FOUND');
    expect((await caller.tasks.search({ query: 'trip' })).items).toEqual([]);
  });

  it('restores a task with the subtasks trashed with it, not one trashed earlier on its own', async () => {
    const { caller, userId } = await api.newUser();
    const { parent, child, grandchild } = await tree(caller, userId);
    await caller.tasks.delete({ id: grandchild });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await caller.tasks.delete({ id: parent });
    const restored = await caller.tasks.restore({ id: parent });
    expect(restored).toMatchObject({ id: parent, title: 'plan trip' });
    expect((await listed(caller)).sort()).toEqual([parent, child].sort());
    expect(await trashed(caller)).toEqual([grandchild]);
    // The grandchild comes back under its (restored) parent.
    await caller.tasks.restore({ id: grandchild });
    const row = await api.deps.db
      .selectFrom('tasks')
      .select('parent_id')
      .where('id', '=', grandchild)
      .executeTakeFirst();
    expect(row?.parent_id).toBe(child);
    await expectErrorCode(caller.tasks.restore({ id: parent }), 'NOT_FOUND');
  });

  it('restores a subtask whose parent stays in the trash as a top-level task of its project', async () => {
    const { caller, userId } = await api.newUser();
    const { parent, child, grandchild } = await tree(caller, userId);
    await caller.tasks.delete({ id: parent });
    await caller.tasks.restore({ id: child });
    expect((await listed(caller)).sort()).toEqual([child, grandchild].sort());
    expect(await trashed(caller)).toEqual([parent]);
    const rows = await api.deps.db
      .selectFrom('tasks')
      .select(['id', 'parent_id'])
      .where('id', 'in', [child, grandchild])
      .execute();
    expect(Object.fromEntries(rows.map((row) => [row.id, row.parent_id]))).toEqual({
      [child]: null,
      [grandchild]: child,
    });
  });

  it("brings a deleted project's tasks back into the Inbox, with their subtasks", async () => {
    const { caller, userId } = await api.newUser();
    const [inbox] = await caller.projects.list();
    const home = await caller.projects.create({ name: 'Home' });
    const { parent, child, grandchild } = await tree(caller, userId, 'paint');
    await api.deps.db
      .updateTable('tasks')
      .set({ project_id: home.id })
      .where('user_id', '=', userId)
      .where('id', 'in', [parent, child, grandchild])
      .execute();
    await caller.projects.delete({ id: home.id });
    expect(await listed(caller)).toEqual([]);
    await caller.tasks.restore({ id: parent });
    expect((await listed(caller)).sort()).toEqual([parent, child, grandchild].sort());
    const projects = await api.deps.db
      .selectFrom('tasks')
      .select('project_id')
      .where('user_id', '=', userId)
      .distinct()
      .execute();
    expect(projects.map((row) => row.project_id)).toEqual([inbox?.id]);
    expect((await caller.projects.list())[0]?.openTaskCount).toBe(3);
  });

  it('purges a trashed task for good, with its subtasks; only from the trash', async () => {
    const { caller, userId } = await api.newUser();
    const { parent, child } = await tree(caller, userId);
    await expectErrorCode(caller.tasks.purge({ id: parent }), 'NOT_FOUND');
    await caller.tasks.delete({ id: parent });
    expect(await caller.tasks.purge({ id: parent })).toEqual({ id: parent });
    expect(await trashed(caller)).toEqual([]);
    await expectErrorCode(caller.tasks.restore({ id: child }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.purge({ id: parent }), 'NOT_FOUND');
  });

  it('pages the trash most recently deleted first, exactly, and refuses another list’s cursor', async () => {
    const { caller } = await api.newUser();
    const made = [];
    for (let i = 0; i < 7; i++) {
      const task = await caller.tasks.create({ title: `t${i}` });
      await caller.tasks.delete({ id: task.id });
      made.push(task.id);
    }
    const whole = await trashed(caller);
    expect(whole).toEqual([...made].reverse());
    for (const limit of [1, 2, 3]) {
      const pages = await walkPages((cursor) => caller.tasks.trash({ limit, ...(cursor ? { cursor } : {}) }));
      expect(pages.flat().map((task) => task.id)).toEqual(whole);
    }
    const { nextCursor } = await caller.tasks.trash({ limit: 1 });
    await expectErrorCode(caller.tasks.list({ cursor: nextCursor ?? '' }), 'BAD_REQUEST');
    await expectErrorCode(caller.conversations.trash({ cursor: nextCursor ?? '' }), 'BAD_REQUEST');
  });

  it("never lets another user see, restore or purge one's trash", async () => {
    const alice = await api.newUser();
    const bob = await api.newUser();
    const task = await alice.caller.tasks.create({ title: 'hers' });
    await alice.caller.tasks.delete({ id: task.id });
    expect((await bob.caller.tasks.trash()).items).toEqual([]);
    const missing = await expectErrorCode(bob.caller.tasks.restore({ id: randomUUID() }), 'NOT_FOUND');
    for (const attempt of [
      () => bob.caller.tasks.restore({ id: task.id }),
      () => bob.caller.tasks.purge({ id: task.id }),
    ]) {
      expect((await expectErrorCode(attempt(), 'NOT_FOUND')).message).toBe(missing.message);
    }
    expect(await trashed(alice.caller)).toEqual([task.id]);
  });

  it('is purged after the retention period, in batches, once even by two purgers at a time', async () => {
    const { caller, userId } = await api.newUser();
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await caller.tasks.create({ title: `p${i}` })).id);
    for (const id of made.slice(0, 6)) await caller.tasks.delete({ id });
    const connection = api.db.orm.em.getConnection();
    await connection.execute(`update tasks set deleted_at = now() - interval '31 days' where id in (?)`, [
      made.slice(0, 5),
    ]);
    await connection.execute(`update tasks set deleted_at = now() - interval '1 day' where id = ?`, [made[5]]);
    const retentionMs = 30 * 86_400_000;
    const [first, second] = await Promise.all([
      purgeExpiredTaskTrash(api.deps.db, retentionMs, 2),
      purgeExpiredTaskTrash(api.deps.db, retentionMs, 2),
    ]);
    expect((first as number) + (second as number)).toBe(5);
    const left = await connection.execute<{ id: string }[]>('select id from tasks where user_id = ? order by id', [
      userId,
    ]);
    expect(left.map((row) => row.id)).toEqual([...made.slice(5)].sort());
    expect(await purgeExpiredTaskTrash(api.deps.db, retentionMs)).toBe(0);
  });
});

describe('tasks.search', () => {
  it('finds the caller’s tasks by title and description, best first; stems; done ones too; not the trash', async () => {
    const { caller } = await api.newUser();
    const milk = await caller.tasks.create({ title: 'buy oat milk', description: 'the barista one' });
    const call = await caller.tasks.create({ title: 'call the baker', description: 'about oat bread and oat milk' });
    const done = await caller.tasks.create({ title: 'painted the fence' });
    await caller.tasks.complete({ id: done.id });
    const gone = await caller.tasks.create({ title: 'milk the goat' });
    await caller.tasks.delete({ id: gone.id });
    expect(ids((await caller.tasks.search({ query: 'milk' })).items).sort()).toEqual([milk.id, call.id].sort());
    expect(ids((await caller.tasks.search({ query: 'barista' })).items)).toEqual([milk.id]);
    expect(ids((await caller.tasks.search({ query: 'painting' })).items)).toEqual([done.id]);
    expect(ids((await caller.tasks.search({ query: '"oat bread"' })).items)).toEqual([call.id]);
    expect(ids((await caller.tasks.search({ query: 'milk -baker' })).items)).toEqual([milk.id]);
    const [best] = (await caller.tasks.search({ query: 'oat' })).items;
    expect(best?.id).toBe(call.id);
  });

  it('pages over (rank, id) exactly, and a cursor belongs to its query', async () => {
    const { caller } = await api.newUser();
    for (let i = 0; i < 9; i++) await caller.tasks.create({ title: `errand ${i}`, description: 'errand '.repeat(i) });
    const whole = ids((await caller.tasks.search({ query: 'errand', limit: 50 })).items);
    expect(whole).toHaveLength(9);
    for (const limit of [1, 2, 4]) {
      const pages = await walkPages((cursor) =>
        caller.tasks.search({ query: 'errand', limit, ...(cursor ? { cursor } : {}) }),
      );
      expect(pages.flat().map((task) => task.id)).toEqual(whole);
    }
    const { nextCursor } = await caller.tasks.search({ query: 'errand', limit: 1 });
    await expectErrorCode(caller.tasks.search({ query: 'other', cursor: nextCursor ?? '' }), 'BAD_REQUEST');
    await expectErrorCode(caller.conversations.search({ query: 'errand', cursor: nextCursor ?? '' }), 'BAD_REQUEST');
  });

  it('never finds another user’s tasks; refuses a blank or oversize query', async () => {
    const alice = await api.newUser();
    const bob = await api.newUser();
    await alice.caller.tasks.create({ title: 'secret recipe' });
    expect((await bob.caller.tasks.search({ query: 'secret' })).items).toEqual([]);
    await expectErrorCode(bob.caller.tasks.search({ query: '   ' }), 'BAD_REQUEST');
    await expectErrorCode(bob.caller.tasks.search({ query: 'x'.repeat(201) }), 'BAD_REQUEST');
  });
});
