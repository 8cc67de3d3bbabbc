import { randomUUID } from 'node:crypto';
import { newId } from '@taskchat/db';
import { expectErrorCode } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createApiDeps, createCaller, defaultProjectSettings } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

/** A task of the user's put straight into a project (tasks.create takes no project on this branch yet). */
async function taskIn(userId: string, projectId: string, title: string, fields: Record<string, unknown> = {}) {
  const id = newId();
  await api.deps.db
    .insertInto('tasks')
    .values({
      id,
      user_id: userId,
      project_id: projectId,
      title,
      created_at: new Date(),
      updated_at: new Date(),
      ...fields,
    })
    .execute();
  return id;
}

const names = (projects: { name: string }[]) => projects.map((project) => project.name);

describe('projects', () => {
  it('starts with the Inbox; creates append at the end with the default colour; Inbox first, then by position', async () => {
    const { caller } = await api.newUser();
    const [inbox] = await caller.projects.list();
    expect(inbox).toMatchObject({ name: 'Inbox', inbox: true, archived: false, openTaskCount: 0, color: 'charcoal' });
    const home = await caller.projects.create({ name: 'Home' });
    const work = await caller.projects.create({ name: 'Work', color: 'blue' });
    expect(home).toMatchObject({ name: 'Home', color: 'charcoal', inbox: false, archived: false, openTaskCount: 0 });
    expect(work.color).toBe('blue');
    expect(work.position > home.position).toBe(true);
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'Home', 'Work']);
  });

  it('counts open tasks per project in one list: not done ones, not trashed ones', async () => {
    const { caller, userId } = await api.newUser();
    const [inbox] = await caller.projects.list();
    const home = await caller.projects.create({ name: 'Home' });
    await taskIn(userId, home.id, 'open one');
    await taskIn(userId, home.id, 'open two');
    await taskIn(userId, home.id, 'done', { completed: true, completed_at: new Date() });
    await taskIn(userId, home.id, 'trashed', { deleted_at: new Date() });
    await taskIn(userId, inbox?.id as string, 'inbox task');
    const counts = Object.fromEntries((await caller.projects.list()).map((p) => [p.name, p.openTaskCount]));
    expect(counts).toEqual({ Inbox: 1, Home: 2 });
  });

  it('refuses duplicate names in any letter case, the Inbox’s included: CONFLICT naming the name', async () => {
    const { caller } = await api.newUser();
    const home = await caller.projects.create({ name: 'Home' });
    const work = await caller.projects.create({ name: 'Work' });
    for (const name of ['home', 'HOME', 'inbox']) {
      const error = await expectErrorCode(caller.projects.create({ name }), 'CONFLICT');
      expect(error.message).toContain('name');
    }
    await expectErrorCode(caller.projects.update({ id: work.id, name: 'hOmE' }), 'CONFLICT');
    // Another user may have the same name; renaming in place to another case is fine.
    const other = await api.newUser();
    await other.caller.projects.create({ name: 'Home' });
    expect((await caller.projects.update({ id: home.id, name: 'HOME' })).name).toBe('HOME');
    await expectErrorCode(caller.projects.create({ name: '   ' }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.create({ name: 'x'.repeat(121) }), 'BAD_REQUEST');
  });

  it('keeps the Inbox: no rename, archive, delete or move (BAD_REQUEST); its colour may change', async () => {
    const { caller } = await api.newUser();
    const [inbox] = await caller.projects.list();
    const id = inbox?.id as string;
    const other = await caller.projects.create({ name: 'Other' });
    await expectErrorCode(caller.projects.update({ id, name: 'Mine' }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.archive({ id, archived: true }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.delete({ id }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.update({ id, after: other.id }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.update({ id: other.id, before: id }), 'BAD_REQUEST');
    expect(await caller.projects.update({ id, color: 'red' })).toMatchObject({ name: 'Inbox', color: 'red' });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'Other']);
  });

  it('moves a project before or after another, or between two neighbours; after the Inbox is the top', async () => {
    const { caller } = await api.newUser();
    const [inbox] = await caller.projects.list();
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map((name) => Promise.resolve(name))).then(
      async (list) => {
        const made = [];
        for (const name of list) made.push(await caller.projects.create({ name }));
        return made;
      },
    );
    const id = (p: { id: string } | undefined) => p?.id as string;
    await caller.projects.update({ id: id(d), before: id(b) });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'A', 'D', 'B', 'C']);
    await caller.projects.update({ id: id(a), after: id(c) });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'D', 'B', 'C', 'A']);
    await caller.projects.update({ id: id(a), after: id(inbox) });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'A', 'D', 'B', 'C']);
    await caller.projects.update({ id: id(c), after: id(a), before: id(d) });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'A', 'C', 'D', 'B']);
    await expectErrorCode(caller.projects.update({ id: id(c), after: id(a), before: id(b) }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.update({ id: id(c), after: id(c) }), 'BAD_REQUEST');
    await expectErrorCode(caller.projects.update({ id: id(c), after: randomUUID() }), 'NOT_FOUND');
    await expectErrorCode(caller.projects.update({ id: id(c) }), 'BAD_REQUEST');
  });

  it('rebalances when neighbours share a key (raw inserts default to a0)', async () => {
    const { caller, userId } = await api.newUser();
    for (const name of ['X', 'Y', 'Z']) {
      await api.deps.db
        .insertInto('projects')
        .values({ id: newId(), user_id: userId, name, position: 'a0', created_at: new Date(), updated_at: new Date() })
        .execute();
    }
    const listed = await caller.projects.list();
    const z = listed.find((p) => p.name === 'Z');
    const first = listed[1];
    const second = listed[2];
    await caller.projects.update({ id: z?.id as string, after: first?.id as string });
    const after = await caller.projects.list();
    expect(names(after)).toEqual(['Inbox', first?.name, 'Z', second?.name].filter((n) => n !== undefined));
    expect(new Set(after.slice(1).map((p) => p.position)).size).toBe(after.length - 1);
  });

  it('archives a project apart from the others and brings it back', async () => {
    const { caller } = await api.newUser();
    const home = await caller.projects.create({ name: 'Home' });
    expect(await caller.projects.archive({ id: home.id, archived: true })).toMatchObject({ archived: true });
    expect(names(await caller.projects.list())).toEqual(['Inbox']);
    expect(names(await caller.projects.list({ archived: true }))).toEqual(['Home']);
    await caller.projects.archive({ id: home.id, archived: false });
    expect(names(await caller.projects.list())).toEqual(['Inbox', 'Home']);
    expect(await caller.projects.list({ archived: true })).toEqual([]);
  });

  it('deletes a project: its tasks go to the trash, moved into the Inbox, the trashed ones keeping their time', async () => {
    const { caller, userId } = await api.newUser();
    const [inbox] = await caller.projects.list();
    const home = await caller.projects.create({ name: 'Home' });
    const earlier = new Date(Date.now() - 60_000);
    const open = await taskIn(userId, home.id, 'paint');
    const sub = await taskIn(userId, home.id, 'buy paint', { parent_id: open });
    const trashed = await taskIn(userId, home.id, 'old', { deleted_at: earlier });
    expect(await caller.projects.delete({ id: home.id })).toEqual({ id: home.id });
    expect(names(await caller.projects.list())).toEqual(['Inbox']);
    await expectErrorCode(caller.projects.delete({ id: home.id }), 'NOT_FOUND');
    const rows = await api.deps.db
      .selectFrom('tasks')
      .select(['id', 'project_id', 'parent_id', 'deleted_at'])
      .where('user_id', '=', userId)
      .execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.project_id).toBe(inbox?.id);
      expect(row.deleted_at).not.toBeNull();
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(new Date(byId.get(trashed)?.deleted_at as string).getTime()).toBe(earlier.getTime());
    expect(byId.get(sub)?.parent_id).toBe(open);
    expect(byId.get(sub)?.deleted_at).toBe(byId.get(open)?.deleted_at);
    expect((await caller.projects.list())[0]?.openTaskCount).toBe(0);
  });

  it('refuses a create past PROJECTS_PER_USER, even when creates race: exactly the cap is reached', async () => {
    const cap = 5;
    const deps = createApiDeps(
      { db: api.deps.db, logger: api.deps.logger, feed: api.deps.feed },
      { projects: defaultProjectSettings({ perUser: cap }) },
    );
    const { token } = await api.newUser();
    const caller = createCaller(deps, { token });
    const settled = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => caller.projects.create({ name: `P${i}` })),
    );
    const ok = settled.filter((result) => result.status === 'fulfilled');
    const refused = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as TRPCError] : []));
    expect(ok).toHaveLength(cap - 1); // the Inbox counts
    expect(refused.map((error) => error.code)).toEqual(Array(8 - (cap - 1)).fill('BAD_REQUEST'));
    expect(await caller.projects.list()).toHaveLength(cap);
    const positions = (await caller.projects.list()).filter((p) => !p.inbox).map((p) => p.position);
    expect(new Set(positions).size).toBe(cap - 1);
  });

  it('serialises racing moves: every project keeps a distinct key', async () => {
    const { caller } = await api.newUser();
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await caller.projects.create({ name: `R${i}` }));
    const [first, second] = [made[0]?.id as string, made[1]?.id as string];
    // The others moved at once into the one gap between the first two (after the first, before the second):
    // without the lock on the user's row they all read the same neighbours and take the same key.
    await Promise.all(
      made
        .slice(2)
        .map((project, i) =>
          caller.projects.update(i % 2 ? { id: project.id, after: first } : { id: project.id, before: second }),
        ),
    );
    const listed = (await caller.projects.list()).filter((p) => !p.inbox);
    expect(listed).toHaveLength(10);
    expect(new Set(listed.map((p) => p.position)).size).toBe(10);
    expect(listed[0]?.id).toBe(first);
    expect(listed.at(-1)?.id).toBe(second);
  });
});
