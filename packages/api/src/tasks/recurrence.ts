import { limits } from '@taskchat/db';
import rrulePackage from 'rrule';
import { z } from 'zod';
import { floating, localInstant, todayIn } from './local-time.ts';

// rrule ships CommonJS to Node: its classes come through the default export.
const { RRule } = rrulePackage;

/** How far ahead an occurrence is looked for: a rule with none within it has none (bounds rrule's work). */
const HORIZON_YEARS = 10;

/** Frequencies finer than a day make no sense for a task and would make rrule iterate a lot. */
const REFUSED_FREQUENCIES = new Set<number>([RRule.SECONDLY, RRule.MINUTELY, RRule.HOURLY]);

const isPositiveWhole = (value: unknown) => Number.isSafeInteger(Number(value)) && Number(value) >= 1;

/** Why a rule is refused, or null when rrule reads it and it is one a task can have. */
function ruleProblem(body: string): string | null {
  if (/[\r\n:]/.test(body) || /DTSTART|TZID/i.test(body)) {
    return 'Must be an RRULE body such as FREQ=WEEKLY;BYDAY=MO (no RRULE:, DTSTART or TZID)';
  }
  try {
    const options = RRule.parseString(body);
    if (options.freq === undefined) return 'Must name a FREQ';
    if (REFUSED_FREQUENCIES.has(options.freq)) return 'Must repeat daily at most (no HOURLY, MINUTELY or SECONDLY)';
    // BYHOUR/BYMINUTE/BYSECOND make several occurrences a day (a task's time of day is its due time).
    if (options.byhour != null || options.byminute != null || options.bysecond != null) {
      return 'Must repeat daily at most (no BYHOUR, BYMINUTE or BYSECOND: the time of day is the due time)';
    }
    // rrule reads these as they are written: a negative INTERVAL makes its iteration never end.
    if (options.interval !== undefined && !isPositiveWhole(options.interval))
      return 'INTERVAL must be a whole number ≥ 1';
    if (options.count != null && !isPositiveWhole(options.count)) return 'COUNT must be a whole number ≥ 1';
    new RRule(options);
    return null;
  } catch {
    return 'Must be an RRULE body such as FREQ=WEEKLY;BYDAY=MO';
  }
}

/** `recurrence` on create and update: an RRULE body rrule reads, daily or coarser. */
export const recurrenceSchema = z
  .string()
  .trim()
  .min(1)
  .max(limits.recurrence)
  .transform((value) => value.replace(/^RRULE:/i, '').toUpperCase())
  .superRefine((value, ctx) => {
    const problem = ruleProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The rule read with its series starting at `start` (a local date, and time when timed), searched up to the horizon. */
function ruleFrom(body: string, start: string, time: string | null) {
  const options = RRule.parseString(body);
  const dtstart = floating(start, time);
  const horizon = new Date(dtstart);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + HORIZON_YEARS);
  const until = options.until && options.until < horizon ? options.until : horizon;
  return new RRule({ ...options, dtstart, until });
}

const isoDate = (floatingDate: Date) => floatingDate.toISOString().slice(0, 10);

/** Whether the rule has an occurrence on or after `date` (within the horizon). */
export function hasOccurrence(body: string, date: string): boolean {
  if (ruleProblem(body) !== null) return false;
  return ruleFrom(body, date, null).after(floating(date, null), true) !== null;
}

/**
 * The occurrence after a completed one, Todoist's "every": the series (anchored at `seriesStart`,
 * the first occurrence completed, so COUNT counts from it) read in the user's zone, its first
 * occurrence after both the completed one's date and today, at the task's time of day when timed
 * (the instant computed in the zone, so 9:00 stays 9:00 across a DST change). Null when the rule
 * has no further occurrence (UNTIL, COUNT) within the horizon.
 */
export function nextOccurrence(
  body: string,
  zone: string,
  occurrence: { dueDate: string; time: string | null; seriesStart: string },
  now: Date,
): { dueDate: string; dueAt: Date | null } | null {
  // A rule refused on the way in but stored anyway (by hand, or before a rule was added) ends the
  // series rather than being iterated: rrule never finishes some of them (a negative INTERVAL).
  if (ruleProblem(body) !== null) return null;
  const today = todayIn(zone, now);
  // biome-ignore lint/complexity/useMathMinMax: these are YYYY-MM-DD strings, compared as text
  const from = occurrence.dueDate > today ? occurrence.dueDate : today;
  const rule = ruleFrom(body, occurrence.seriesStart, occurrence.time);
  const next = rule.after(floating(from, '23:59'), false);
  if (!next) return null;
  const dueDate = isoDate(next);
  return { dueDate, dueAt: occurrence.time ? localInstant(zone, dueDate, occurrence.time) : null };
}
