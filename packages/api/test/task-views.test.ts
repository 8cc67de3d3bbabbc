import { expectErrorCode } from '@taskchat/db/testing';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Caller, useApi, walkPages } from './harness.ts';

const api = useApi();

const day = (days: number) => DateTime.utc().plus({ days }).toISODate() as string;
const titles = async (caller: Caller, input: Parameters<Caller['tasks']['list']>[0]) =>
  (await walkPages((cursor) => caller.tasks.list({ ...input, limit: 2, cursor }))).flat().map((task) => task.title);

describe('tasks.list views', () => {
  it('today, upcoming, overdue, done and all, each in its order and a page at a time', async () => {
    const { caller } = await api.newUser();
    const past = DateTime.utc().minus({ minutes: 5 });
    await caller.tasks.create({ title: 'late', due: { date: day(-2) } });
    await caller.tasks.create({
      title: 'timed earlier today',
      due: { date: past.toISODate() as string, time: past.toFormat('HH:mm') },
    });
    await caller.tasks.create({ title: 'today', due: { date: day(0) } });
    await caller.tasks.create({ title: 'tomorrow 08:00', due: { date: day(1), time: '08:00' } });
    await caller.tasks.create({ title: 'tomorrow', due: { date: day(1) } });
    await caller.tasks.create({ title: 'next week', due: { date: day(7) } });
    await caller.tasks.create({ title: 'someday' });
    const done = await caller.tasks.create({ title: 'done', due: { date: day(-1) } });
    await caller.tasks.complete({ id: done.id });

    // Date-only tasks of a day come before its timed ones.
    const today = await titles(caller, { view: 'today' });
    expect(today[0]).toBe('late');
    expect(today.slice(1).sort()).toEqual(['timed earlier today', 'today'].sort());
    if (past.toISODate() === day(0)) expect(today).toEqual(['late', 'today', 'timed earlier today']);
    expect(await titles(caller, { view: 'upcoming' })).toEqual(['tomorrow', 'tomorrow 08:00', 'next week']);
    expect(await titles(caller, { view: 'overdue' })).toEqual(['late', 'timed earlier today']);
    expect(await titles(caller, { view: 'done' })).toEqual(['done']);
    expect(await titles(caller, { view: 'all' })).toEqual([
      'done',
      'someday',
      'next week',
      'tomorrow',
      'tomorrow 08:00',
      'today',
      'timed earlier today',
      'late',
    ]);
  });

  it('filters by label and priority; a project view is its open tasks in manual order; archived projects only there', async () => {
    const { caller, userId } = await api.newUser();
    const other = await api.newUser();
    const [created] = await api.db.orm.em
      .getConnection()
      .execute<{ id: string }[]>(
        `insert into projects (id, user_id, name) values (gen_random_uuid(), ?, 'Garden') returning id`,
        [userId],
      );
    const projectId = created?.id as string;
    await caller.tasks.create({ title: 'weed', projectId, labels: ['Outside'], priority: 2, due: { date: day(0) } });
    await caller.tasks.create({ title: 'mow', projectId, due: { date: day(0) } });
    await caller.tasks.create({ title: 'dust', labels: ['inside'], priority: 2 });
    expect(await titles(caller, { label: 'outside' })).toEqual(['weed']);
    expect(await titles(caller, { priority: 2 })).toEqual(['dust', 'weed']);
    expect(await titles(caller, { projectId })).toEqual(['weed', 'mow']);
    expect(await titles(caller, { view: 'today', projectId })).toEqual(['weed', 'mow']);
    await api.db.orm.em.getConnection().execute('update projects set archived_at = now() where id = ?', [projectId]);
    expect(await titles(caller, { view: 'today' })).toEqual([]);
    expect(await titles(caller, { view: 'all' })).toEqual(['dust']);
    expect(await titles(caller, { projectId })).toEqual(['weed', 'mow']);
    await expectErrorCode(other.caller.tasks.list({ projectId }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.list({ view: 'inbox', projectId }), 'BAD_REQUEST');
  });

  it('leaves trashed tasks out of every view', async () => {
    const { caller } = await api.newUser();
    const task = await caller.tasks.create({ title: 'gone', due: { date: day(0) }, labels: ['x'] });
    await api.db.orm.em.getConnection().execute('update tasks set deleted_at = now() where id = ?', [task.id]);
    for (const view of ['inbox', 'today', 'upcoming', 'overdue', 'all', 'done'] as const) {
      expect(await titles(caller, { view })).toEqual([]);
    }
    expect((await caller.labels.list())[0]?.openTaskCount).toBe(0);
    await expectErrorCode(caller.tasks.update({ id: task.id, title: 'back' }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.complete({ id: task.id }), 'NOT_FOUND');
    await expectErrorCode(caller.tasks.move({ id: task.id, parentId: null }), 'NOT_FOUND');
  });
});
