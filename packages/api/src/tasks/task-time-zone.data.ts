import { DATE_ONLY_DUE_TIME } from '@taskchat/db';
import type { Database } from '../database.ts';

/**
 * Keeping the user's tasks in step with their time zone (`auth.updateProfile`), under the
 * caller's transaction: a timed task's `due_date` is its instant's day in the zone, and a
 * relative reminder of a date-only task fires `minutes_before` its due moment, that day at
 * DATE_ONLY_DUE_TIME in the zone. Timed tasks' reminders and absolute ones do not move (their
 * instants are fixed); delivered reminders stay as they were delivered.
 */
export async function realignTasksToZone(db: Database, userId: string, timeZone: string): Promise<void> {
  await db
    .updateTable('tasks')
    // timezone(zone, timestamptz) is `due_at at time zone zone`: the local date and time there.
    .set((eb) => ({ due_date: eb.cast<string>(eb.fn('timezone', [eb.val(timeZone), eb.ref('due_at')]), 'date') }))
    .where('user_id', '=', userId)
    .where('due_at', 'is not', null)
    .execute();
  await db
    .updateTable('reminders')
    .from('tasks')
    .set((eb) => {
      const localDue = eb(eb.ref('tasks.due_date'), '+', eb.cast<string>(eb.val(DATE_ONLY_DUE_TIME), 'time'));
      // timezone(zone, timestamp) reads the local date and time in the zone: the instant.
      const dueMoment = eb.fn('timezone', [eb.val(timeZone), localDue]);
      const before = eb.fn('make_interval', [
        eb.lit(0),
        eb.lit(0),
        eb.lit(0),
        eb.lit(0),
        eb.lit(0),
        eb.ref('reminders.minutes_before'),
      ]);
      return { fire_at: eb(dueMoment, '-', before).$castTo<Date>() };
    })
    .whereRef('tasks.id', '=', 'reminders.task_id')
    .where('reminders.user_id', '=', userId)
    .where('tasks.user_id', '=', userId)
    .where('reminders.minutes_before', 'is not', null)
    .where('reminders.delivered_at', 'is', null)
    .where('tasks.due_at', 'is', null)
    .where('tasks.due_date', 'is not', null)
    .execute();
}
