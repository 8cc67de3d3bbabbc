import { randomUUID } from 'node:crypto';
import { newId } from '@taskchat/db';
import { expectErrorCode, TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useApi } from './harness.ts';

const api = useApi();

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** A task with a due date (timed when `dueAt`) and one reminder, put in by hand (tasks.create takes no due yet). */
async function dueTask(
  userId: string,
  due: { date: string; at?: string },
  reminder: { minutesBefore?: number; at?: string },
) {
  const id = newId();
  const now = new Date();
  await api.deps.db
    .insertInto('tasks')
    .values({
      id,
      user_id: userId,
      project_id: api.deps.db
        .selectFrom('projects')
        .select('id')
        .where('user_id', '=', userId)
        .where('inbox', '=', true),
      title: 'due',
      due_date: due.date,
      due_at: due.at ? new Date(due.at) : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await api.deps.db
    .insertInto('reminders')
    .values({
      id: newId(),
      task_id: id,
      user_id: userId,
      minutes_before: reminder.minutesBefore ?? null,
      at: reminder.at ? new Date(reminder.at) : null,
      fire_at: new Date('2000-01-01T00:00:00Z'),
      created_at: now,
    })
    .execute();
  return id;
}

async function stateOf(taskId: string) {
  const task = await api.deps.db
    .selectFrom('tasks')
    .select(['due_date', 'due_at'])
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow();
  const reminder = await api.deps.db
    .selectFrom('reminders')
    .select('fire_at')
    .where('task_id', '=', taskId)
    .executeTakeFirstOrThrow();
  return { dueDate: String(task.due_date).slice(0, 10), dueAt: iso(task.due_at), fireAt: iso(reminder.fire_at) };
}

describe('auth.updateProfile and the time zone', () => {
  it('signs up in UTC or in the zone given; auth.me and sign-in show it', async () => {
    const { caller } = await api.newUser();
    expect((await caller.auth.me()).timeZone).toBe('UTC');
    const email = `${randomUUID()}@example.com`;
    const { user } = await api.anonymous().auth.signUp({ email, password: TEST_PASSWORD, timeZone: 'Europe/Paris' });
    expect(user.timeZone).toBe('Europe/Paris');
    expect((await api.anonymous().auth.signIn({ email, password: TEST_PASSWORD })).user.timeZone).toBe('Europe/Paris');
    await expectErrorCode(
      api
        .anonymous()
        .auth.signUp({ email: `${randomUUID()}@example.com`, password: TEST_PASSWORD, timeZone: '+05:00' }),
      'BAD_REQUEST',
    );
  });

  it('changes the name (null clears it) and the zone', async () => {
    const { caller } = await api.newUser();
    expect(await caller.auth.updateProfile({ name: 'Ada' })).toMatchObject({ name: 'Ada', timeZone: 'UTC' });
    expect(await caller.auth.updateProfile({ timeZone: 'America/New_York' })).toMatchObject({
      name: 'Ada',
      timeZone: 'America/New_York',
    });
    expect((await caller.auth.me()).timeZone).toBe('America/New_York');
    expect((await caller.auth.updateProfile({ name: null })).name).toBeNull();
    await expectErrorCode(caller.auth.updateProfile({}), 'BAD_REQUEST');
    await expectErrorCode(caller.auth.updateProfile({ name: '  ' }), 'BAD_REQUEST');
  });

  it('refuses zones that are not IANA names: BAD_REQUEST naming timeZone, nothing changed', async () => {
    const { caller } = await api.newUser();
    for (const timeZone of ['Mars/Olympus', '+05:00', 'x'.repeat(10_000), '', 'UTC; drop table users', 'Europe/']) {
      const error = await expectErrorCode(caller.auth.updateProfile({ timeZone }), 'BAD_REQUEST');
      expect(error.message).toContain('timeZone');
    }
    expect((await caller.auth.me()).timeZone).toBe('UTC');
  });

  it("moves timed tasks' due dates and date-only tasks' relative reminders into the new zone, and no one else's", async () => {
    const { caller, userId } = await api.newUser();
    const other = await api.newUser();
    // Due at 23:30 UTC on 10 March: 08:30 on 11 March in Tokyo.
    const timed = await dueTask(userId, { date: '2027-03-10', at: '2027-03-10T23:30:00Z' }, { minutesBefore: 15 });
    // Due on 10 March, floating: its due moment is 09:00 local, 00:00 UTC in Tokyo.
    const dateOnly = await dueTask(userId, { date: '2027-03-10' }, { minutesBefore: 30 });
    const absolute = await dueTask(userId, { date: '2027-03-10' }, { at: '2027-03-09T12:00:00Z' });
    const othersTimed = await dueTask(
      other.userId,
      { date: '2027-03-10', at: '2027-03-10T23:30:00Z' },
      { minutesBefore: 30 },
    );
    const untouched = await stateOf(othersTimed);

    await caller.auth.updateProfile({ timeZone: 'Asia/Tokyo' });
    expect(await stateOf(timed)).toEqual({
      dueDate: '2027-03-11',
      dueAt: '2027-03-10T23:30:00.000Z',
      fireAt: '2000-01-01T00:00:00.000Z', // a timed task's reminders keep their instants
    });
    expect(await stateOf(dateOnly)).toEqual({ dueDate: '2027-03-10', dueAt: null, fireAt: '2027-03-09T23:30:00.000Z' });
    expect((await stateOf(absolute)).fireAt).toBe('2000-01-01T00:00:00.000Z');
    expect(await stateOf(othersTimed)).toEqual(untouched);

    // And back west: 23:30 UTC is 18:30 in New York (EST, before the March change), the same day.
    await caller.auth.updateProfile({ timeZone: 'America/New_York' });
    expect((await stateOf(timed)).dueDate).toBe('2027-03-10');
    expect((await stateOf(dateOnly)).fireAt).toBe('2027-03-10T13:30:00.000Z');
  });
});
