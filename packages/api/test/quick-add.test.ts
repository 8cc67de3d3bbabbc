import { expectErrorCode } from '@taskchat/db/testing';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { useApi } from './harness.ts';

const api = useApi();

describe('tasks.parse and tasks.quickAdd', () => {
  it('creates the task the text says, in the named project, with its labels created', async () => {
    const { caller, userId } = await api.newUser();
    await api.db.orm.em
      .getConnection()
      .execute(`insert into projects (id, user_id, name) values (gen_random_uuid(), ?, 'Home')`, [userId]);
    const parsed = await caller.tasks.parse({ text: 'pay rent tomorrow p1 #home @bills' });
    expect(parsed).toMatchObject({
      title: 'pay rent',
      priority: 1,
      project: expect.stringMatching(/home/i),
      labels: ['bills'],
    });
    const task = await caller.tasks.quickAdd({ text: 'pay rent tomorrow p1 #home @bills' });
    const tomorrow = DateTime.utc().plus({ days: 1 }).toISODate();
    expect(task).toMatchObject({
      title: 'pay rent',
      priority: 1,
      labels: ['bills'],
      due: { date: tomorrow, time: null },
    });
    expect((await caller.tasks.list({ projectId: task.projectId })).items.map((t) => t.id)).toEqual([task.id]);
    expect((await caller.labels.list()).map((label) => [label.name, label.openTaskCount])).toEqual([['bills', 1]]);
    // An unknown #project stays in the title.
    expect((await caller.tasks.quickAdd({ text: 'call mum #nowhere' })).title).toContain('#nowhere');
  });

  it('puts the task in the project it was typed in, unless the text names another', async () => {
    const { caller } = await api.newUser();
    const work = await caller.projects.create({ name: 'Work' });
    const home = await caller.projects.create({ name: 'Home' });
    expect((await caller.tasks.quickAdd({ text: 'send the report', projectId: work.id })).projectId).toBe(work.id);
    expect((await caller.tasks.quickAdd({ text: 'fix the tap #home', projectId: work.id })).projectId).toBe(home.id);
    const inbox = (await caller.projects.list()).find((project) => project.inbox);
    expect((await caller.tasks.quickAdd({ text: 'anything' })).projectId).toBe(inbox?.id);
    // Another user's project is a missing one.
    const other = await api.newUser();
    await expectErrorCode(other.caller.tasks.quickAdd({ text: 'x', projectId: work.id }), 'NOT_FOUND');
  });

  it('turns a reminder at a time of a date-only due day into a relative one', async () => {
    const { caller } = await api.newUser();
    const parsed = await caller.tasks.parse({ text: 'water plants tomorrow remind me at 8am' });
    expect(parsed.reminders.length).toBe(1);
    const task = await caller.tasks.quickAdd({ text: 'water plants tomorrow remind me at 8am' });
    if (parsed.reminders[0]?.kind === 'absolute') expect(task.reminders[0]?.minutesBefore).toBe(60);
    expect(task.reminders).toHaveLength(1);
  });

  it('refuses a 10,000-character text naming text, and stores nothing', async () => {
    const { caller } = await api.newUser();
    const long = 'x'.repeat(10_000);
    for (const call of [() => caller.tasks.quickAdd({ text: long }), () => caller.tasks.parse({ text: long })]) {
      const error = await expectErrorCode(call(), 'BAD_REQUEST');
      expect(`${error.message} ${JSON.stringify((error as { data?: unknown }).data ?? {})}`).toContain('text');
    }
    expect((await caller.tasks.list()).items).toEqual([]);
  });
});
