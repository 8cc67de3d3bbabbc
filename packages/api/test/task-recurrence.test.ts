import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextOccurrence } from '../src/tasks/recurrence.ts';
import { useApi } from './harness.ts';

const api = useApi();

const setZone = (userId: string, zone: string) =>
  api.db.orm.em.getConnection().execute('update users set time_zone = ? where id = ?', [zone, userId]);

describe('recurrence', () => {
  it('completing a recurring task records the occurrence, keeps it open and moves it to the next one', async () => {
    const { caller, userId } = await api.newUser();
    await setZone(userId, 'Europe/Paris');
    const today = DateTime.now().setZone('Europe/Paris').toISODate() as string;
    const task = await caller.tasks.create({
      title: 'stand-up',
      due: { date: today, time: '09:15' },
      recurrence: 'FREQ=DAILY',
      reminders: [{ minutesBefore: 10 }],
    });
    const done = await caller.tasks.complete({ id: task.id });
    const tomorrow = DateTime.fromISO(today, { zone: 'Europe/Paris' }).plus({ days: 1 });
    expect(done).toMatchObject({ completed: false, completedAt: expect.any(Date), recurrence: 'FREQ=DAILY' });
    expect(done.due).toEqual({
      date: tomorrow.toISODate(),
      time: '09:15',
      at: tomorrow.set({ hour: 9, minute: 15 }).toJSDate(),
    });
    expect(done.reminders[0]?.fireAt).toEqual(tomorrow.set({ hour: 9, minute: 5 }).toJSDate());
    const [row] = await api.db.orm.em
      .getConnection()
      .execute<{ count: string }[]>('select count(*) from task_completions where task_id = ?', [task.id]);
    expect(Number(row?.count)).toBe(1);
  });

  it('an overdue task moves past today (Todoist "every"), and a rule with no occurrence left completes it for good', async () => {
    const { caller } = await api.newUser();
    const past = DateTime.utc().minus({ days: 10 }).toISODate() as string;
    const today = DateTime.utc().toISODate() as string;
    const weekly = await caller.tasks.create({ title: 'weekly', due: { date: past }, recurrence: 'FREQ=WEEKLY' });
    const next = await caller.tasks.complete({ id: weekly.id });
    expect(next.due?.date && next.due.date > today).toBe(true);
    expect(DateTime.fromISO(next.due?.date as string).weekday).toBe(DateTime.fromISO(past).weekday);
    const twice = await caller.tasks.create({ title: 'twice', due: { date: today }, recurrence: 'FREQ=DAILY;COUNT=2' });
    expect((await caller.tasks.complete({ id: twice.id })).completed).toBe(false);
    expect((await caller.tasks.complete({ id: twice.id })).completed).toBe(true);
  });

  it('keeps the local time of day across a DST change', () => {
    // Paris leaves summer time on 25 October 2026: 09:00 is 07:00Z before, 08:00Z after.
    const next = nextOccurrence(
      'FREQ=DAILY',
      'Europe/Paris',
      { dueDate: '2026-10-24', time: '09:00', seriesStart: '2026-10-24' },
      new Date('2026-10-24T07:30:00Z'),
    );
    expect(next).toEqual({ dueDate: '2026-10-25', dueAt: new Date('2026-10-25T08:00:00Z') });
  });

  it('completes for good, at once, a task whose stored rule is one refused on the way in (a negative INTERVAL never ends in rrule)', async () => {
    const { caller } = await api.newUser();
    const today = DateTime.utc().toISODate() as string;
    const task = await caller.tasks.create({ title: 'stored by hand', due: { date: today }, recurrence: 'FREQ=DAILY' });
    await api.db.orm.em
      .getConnection()
      .execute(`update tasks set recurrence = 'FREQ=DAILY;INTERVAL=-1' where id = ?`, [task.id]);
    expect((await caller.tasks.complete({ id: task.id })).completed).toBe(true);
  });
});
