import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { type Caller, useApi } from './harness.ts';

const api = useApi();

const inbox = async (caller: Caller) => (await caller.tasks.list({ view: 'inbox', limit: 100 })).items;
const titles = async (caller: Caller) => (await inbox(caller)).map((task) => task.title);

describe('tasks.move', () => {
  it('places a task before or after a sibling, or between two', async () => {
    const { caller } = await api.newUser();
    const [a, b, c] = [
      await caller.tasks.create({ title: 'a' }),
      await caller.tasks.create({ title: 'b' }),
      await caller.tasks.create({ title: 'c' }),
    ];
    await caller.tasks.move({ id: c.id, before: a.id });
    expect(await titles(caller)).toEqual(['c', 'a', 'b']);
    await caller.tasks.move({ id: c.id, after: b.id });
    expect(await titles(caller)).toEqual(['a', 'b', 'c']);
    await caller.tasks.move({ id: a.id, after: b.id, before: c.id });
    expect(await titles(caller)).toEqual(['b', 'a', 'c']);
    await expectErrorCode(caller.tasks.move({ id: a.id, before: a.id }), 'BAD_REQUEST');
  });

  it('renumbers a project whose neighbours share a key (raw inserts default to a0)', async () => {
    const { caller, userId } = await api.newUser();
    const tasks = [];
    for (const title of ['a', 'b', 'c', 'd']) tasks.push(await caller.tasks.create({ title }));
    await api.db.orm.em.getConnection().execute(`update tasks set position = 'a0' where user_id = ?`, [userId]);
    const [, b, c, d] = tasks.sort((x, y) => (x.id < y.id ? -1 : 1));
    await caller.tasks.move({ id: d?.id as string, after: b?.id as string });
    const after = await inbox(caller);
    expect(new Set(after.map((task) => task.position)).size).toBe(4);
    const order = after.map((task) => task.id);
    expect(order.indexOf(d?.id as string)).toBe(order.indexOf(b?.id as string) + 1);
    expect(order.indexOf(c?.id as string)).toBe(order.indexOf(d?.id as string) + 1);
  });

  it('racing moves in one project end with distinct keys and every moved task after the anchor', async () => {
    const { caller } = await api.newUser();
    const tasks = [];
    for (let i = 0; i < 12; i++) tasks.push(await caller.tasks.create({ title: `t${i}` }));
    const [anchor, ...rest] = tasks;
    await Promise.all(rest.map((task) => caller.tasks.move({ id: task.id, after: anchor?.id as string })));
    const after = await inbox(caller);
    expect(new Set(after.map((task) => task.position)).size).toBe(12);
    expect(after[0]?.id).toBe(anchor?.id);
    const positions = after.map((task) => task.position);
    expect([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(positions);
    // Racing moves between two fixed neighbours: each lands between them, none shares a key.
    const [first, second] = after;
    const last = after.at(-1);
    await Promise.all(
      after
        .slice(2, 8)
        .map((task) => caller.tasks.move({ id: task.id, after: first?.id as string, before: second?.id as string })),
    );
    const again = await inbox(caller);
    expect(new Set(again.map((task) => task.position)).size).toBe(12);
    expect(again[0]?.id).toBe(first?.id);
    expect(again[7]?.id).toBe(second?.id);
    expect(again.at(-1)?.id).toBe(last?.id);
  });

  it('moves a parent with its subtasks to another project; refuses cycles, depth, foreign parents and projects', async () => {
    const { caller, userId } = await api.newUser();
    const other = await api.newUser();
    const theirs = await other.caller.tasks.create({ title: 'theirs' });
    const [created] = await api.db.orm.em
      .getConnection()
      .execute<{ id: string }[]>(
        `insert into projects (id, user_id, name) values (gen_random_uuid(), ?, 'Work') returning id`,
        [userId],
      );
    const projectId = created?.id as string;
    const parent = await caller.tasks.create({ title: 'parent' });
    const child = await caller.tasks.create({ title: 'child', parentId: parent.id });
    const grandchild = await caller.tasks.create({ title: 'grandchild', parentId: child.id });
    const moved = await caller.tasks.move({ id: parent.id, projectId });
    expect(moved.projectId).toBe(projectId);
    const work = (await caller.tasks.list({ projectId })).items;
    expect(work.map((task) => task.title).sort()).toEqual(['child', 'grandchild', 'parent']);

    const cycle = await expectErrorCode(caller.tasks.move({ id: parent.id, parentId: grandchild.id }), 'BAD_REQUEST');
    expect(cycle.message).toContain('parentId');
    const loose = await caller.tasks.create({ title: 'loose' });
    const elsewhere = await expectErrorCode(
      caller.tasks.move({ id: loose.id, projectId, parentId: theirs.id }),
      'NOT_FOUND',
    );
    expect(elsewhere.message).toBe('Task not found');
    const wrongProject = await expectErrorCode(
      caller.tasks.move({ id: loose.id, projectId: loose.projectId, parentId: parent.id }),
      'BAD_REQUEST',
    );
    expect(wrongProject.message).toContain('parentId');
    const deep = await caller.tasks.create({ title: 'deep', projectId });
    const deeper = await caller.tasks.create({ title: 'deeper', parentId: deep.id });
    const depth = await expectErrorCode(caller.tasks.move({ id: deep.id, parentId: grandchild.id }), 'BAD_REQUEST');
    expect(depth.message).toContain('parentId');
    await expectErrorCode(caller.tasks.move({ id: loose.id, projectId: theirs.projectId }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.move({ id: loose.id, before: theirs.id }), 'NOT_FOUND');
    expect((await caller.tasks.move({ id: deeper.id, parentId: null })).parentId).toBeNull();
    // A subtask moved alone to another project leaves its parent.
    const detached = await caller.tasks.move({ id: grandchild.id, projectId: loose.projectId });
    expect(detached).toMatchObject({ parentId: null, projectId: loose.projectId });
  });
});
