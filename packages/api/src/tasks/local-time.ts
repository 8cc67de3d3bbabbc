import { DATE_ONLY_DUE_TIME } from '@taskchat/db';
import { DateTime } from 'luxon';
import { localNow } from '../task-text/local-dates.ts';

/**
 * Local dates and times in the user's zone (luxon): what "today" is, a due input as stored, the
 * due moment reminders count from, and the due as the API answers it. A date is `YYYY-MM-DD`, a
 * time `HH:mm`, both on the user's wall clock.
 */

/** The user's date now (the quick-add parser's reading of "now", so both agree on "today"). */
export function todayIn(zone: string, now: Date): string {
  return localNow({ timeZone: zone, now }).date;
}

/** The instant of a local date and time in the zone; a time in a DST gap moves forward, as clocks do. */
export function localInstant(zone: string, date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}

/** A due input as stored: a floating date, or an instant and its local day. */
export function storedDue(
  zone: string,
  due: { date: string; time?: string | null | undefined } | null,
): { due_date: string | null; due_at: Date | null } {
  if (!due) return { due_date: null, due_at: null };
  if (!due.time) return { due_date: due.date, due_at: null };
  const at = localInstant(zone, due.date, due.time);
  return { due_date: DateTime.fromJSDate(at, { zone }).toISODate() ?? due.date, due_at: at };
}

/** The due moment relative reminders count from: the instant, or the date at DATE_ONLY_DUE_TIME. */
export function dueMoment(zone: string, dueDate: string | null, dueAt: Date | null): Date | null {
  if (dueAt) return dueAt;
  return dueDate ? localInstant(zone, dueDate, DATE_ONLY_DUE_TIME) : null;
}

/** When a reminder fires: its instant, or `minutesBefore` the due moment (null without a due). */
export function fireAt(
  zone: string,
  due: { dueDate: string | null; dueAt: Date | null },
  reminder: { minutesBefore: number | null; at: Date | null },
): Date | null {
  if (reminder.at) return reminder.at;
  const moment = dueMoment(zone, due.dueDate, due.dueAt);
  return moment && reminder.minutesBefore !== null
    ? new Date(moment.getTime() - reminder.minutesBefore * 60_000)
    : null;
}

/** A due as the API answers it: its local date, and its local time and instant when timed. */
export function dueOutput(
  zone: string,
  dueDate: string | null,
  dueAt: Date | null,
): { date: string; time: string | null; at: Date | null } | null {
  if (!dueDate) return null;
  if (!dueAt) return { date: dueDate, time: null, at: null };
  return { date: dueDate, time: DateTime.fromJSDate(dueAt, { zone }).toFormat('HH:mm'), at: dueAt };
}

/** Minutes since local midnight of `HH:mm`. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** A floating UTC date of a local date and time (rrule's reference: wall-clock fields, no zone). */
export function floating(date: string, time: string | null): Date {
  return new Date(`${date}T${time ?? '00:00'}:00.000Z`);
}

/** The local date and time (`HH:mm`) of an instant in the zone. */
export function localParts(zone: string, at: Date): { date: string; time: string } {
  const local = DateTime.fromJSDate(at, { zone });
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') };
}
