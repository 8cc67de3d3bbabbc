import { DateTime } from 'luxon';
import rrulePackage from 'rrule';
import { parseTaskText } from '../../task-text/parse-task-text.ts';
import { amount } from './phrases.ts';
import type { UserContext } from './user-context.ts';

// rrule ships CommonJS to Node: its classes come through the default export.
const { RRule } = rrulePackage;

/**
 * Dates in the offline assistant: whole date phrases for rescheduling ("to next Tuesday", "by a
 * week"), read by the quick-add parser (which reads "at 6", "the 1st of every month", "on the
 * 15th" itself), and dates in words for answers.
 */

export interface Due {
  /** YYYY-MM-DD, local. */
  date: string;
  /** HH:mm, or null for a day without a time. */
  time: string | null;
}

/** What a rescheduling phrase says: a new date, a shift of the current one, or no date at all. */
export type When = { due: Due } | { shiftDays: number } | { clear: true };

export const addDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
const weekday = (date: string): number => DateTime.fromISO(date, { zone: 'UTC' }).weekday;

/** The days of "this week" (today to Sunday), "next week" (Monday to Sunday) and "the weekend". */
export function weekRange(today: string, which: 'this week' | 'next week' | 'weekend'): [string, string] {
  const day = weekday(today);
  if (which === 'this week') return [today, addDays(today, 7 - day)];
  if (which === 'next week') return [addDays(today, 8 - day), addDays(today, 14 - day)];
  return day === 7 ? [today, today] : [addDays(today, Math.max(0, 6 - day)), addDays(today, 7 - day)];
}

/** Words around a date phrase that are not the date ("to", "for", "until" … "instead"). */
const FILLER = new Set([
  'to',
  'for',
  'until',
  'till',
  'til',
  'on',
  'at',
  'by',
  'the',
  'instead',
  'then',
  'please',
  'due',
  'be',
  'it',
  'back',
  'now',
  'again',
  'rather',
  'is',
  'from',
  'starting',
]);

/** A date or time phrase read by the quick-add parser, when it is the whole of `phrase` (but fillers). */
export function readDate(phrase: string, context: UserContext): Due | null {
  const text = phrase;
  const parsed = parseTaskText(text, { timeZone: context.timeZone, now: context.now, projects: [] });
  if (!parsed.due || parsed.recurrence || parsed.ranges.length === 0) return null;
  let rest = '';
  let from = 0;
  for (const range of parsed.ranges) {
    rest += ` ${text.slice(from, range.start)}`;
    from = range.end;
  }
  rest += ` ${text.slice(from)}`;
  const words = rest
    .toLowerCase()
    .split(/[\s,.!?]+/)
    .filter((word) => word !== '');
  return words.every((word) => FILLER.has(word)) ? parsed.due : null;
}

const SHIFT =
  /^(?:back |forward |out )?(?:by |for )?(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}|a couple of|a few) (day|days|week|weeks|month|months)(?: later| back| forward| out| more)?$/i;

/**
 * What a rescheduling phrase says: "to next tuesday", "for friday at 3pm" (a date), "by a week",
 * "2 days" (a shift from each task's own date), "no date" (clear), or null when it is none of those.
 */
export function readWhen(phrase: string, context: UserContext): When | null {
  const text = phrase.trim().replace(/[.!?]+$/, '');
  if (
    /^(?:to |for )?(?:no (?:due )?date|never|someday|no deadline|unscheduled|undated|whenever|nothing)$/i.test(text)
  ) {
    return { clear: true };
  }
  const shift = SHIFT.exec(text);
  if (shift) {
    const n = amount(shift[1] ?? '') ?? 1;
    const unit = (shift[2] ?? 'day').toLowerCase();
    return { shiftDays: unit.startsWith('week') ? n * 7 : unit.startsWith('month') ? n * 30 : n };
  }
  const due = readDate(text, context);
  return due ? { due } : null;
}

/** A due as the tools take it: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm'. */
export const isoDue = (due: Due): string => (due.time ? `${due.date}T${due.time}` : due.date);

/** A listed task's due ('YYYY-MM-DD' or 'YYYY-MM-DD HH:mm') read back. */
export function dueOf(listed: string | null): Due | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(listed ?? '');
  return match?.[1] ? { date: match[1], time: match[2] ?? null } : null;
}

/** A date in words relative to today: "today", "tomorrow", "Tue 8 Dec" (with the year when another). */
export function describeDate(date: string, today: string): string {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  if (date === addDays(today, -1)) return 'yesterday';
  const day = DateTime.fromISO(date, { zone: 'UTC', locale: 'en-GB' });
  if (!day.isValid) return date;
  return day.toFormat(day.year === Number(today.slice(0, 4)) ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/** A listed due in words: "tomorrow at 18:00". */
export function describeDue(listed: string | null, today: string): string {
  const due = dueOf(listed);
  if (!due) return 'no date';
  return `${describeDate(due.date, today)}${due.time ? ` at ${due.time}` : ''}`;
}

/** An RRULE body in words ("every month on the 1st"); the body itself when rrule cannot say it. */
export function describeRecurrence(body: string): string {
  try {
    return RRule.fromString(body)
      .toText()
      .replace(/ on the last$/, ' on the last day');
  } catch {
    return body;
  }
}
