import { DateTime } from 'luxon';
import rrulePackage from 'rrule';
import { parseTaskText } from '../../task-text/parse-task-text.ts';
import { amount, ORDINAL_PATTERN, ordinal } from './phrases.ts';
import type { UserContext } from './user-context.ts';

// rrule ships CommonJS to Node: its classes come through the default export.
const { RRule } = rrulePackage;

/**
 * Dates in the offline assistant: the rewrites that let the quick-add parser read everyday
 * phrasing ("at 6" in the evening, "the 1st of every month", "on the 15th"), whole date phrases
 * for rescheduling ("to next Tuesday", "by a week"), and dates in words for answers.
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

/** The next day-of-month `day` on or after today (a month without it is skipped). */
function nextMonthDay(today: string, day: number): string | null {
  if (day < 1 || day > 31) return null;
  let month = DateTime.fromISO(today, { zone: 'UTC' }).startOf('month');
  for (let tries = 0; tries < 3; tries++, month = month.plus({ months: 1 })) {
    if (day > (month.daysInMonth ?? 0)) continue;
    const date = month.set({ day }).toISODate();
    if (date && date >= today) return date;
  }
  return null;
}

const ORDINAL = `(\\d{1,2}(?:st|nd|rd|th)?|${ORDINAL_PATTERN})`;
const SUFFIX = (n: number) =>
  n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
const MONTH_NAMES =
  'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december';

/**
 * Rewrites what the quick-add parser leaves alone or reads otherwise into what it reads:
 * - "at 6" (an hour 1–6 without am/pm) is in the evening: "at 6pm" (nobody schedules 6am by default);
 * - "the 1st of every month", "the first of each month", "every first of the month" → "every month on the 1st";
 * - "on the 15th", "by the first" (a preposition, no month) → the next such day as a date;
 * - "this morning/afternoon/evening", "end of day", "eod" → "today"; "end of the week" → "friday";
 * - "every morning" (or evening, night) → "every day".
 */
export function rewriteDates(text: string, today: string): string {
  return text
    .replace(
      /\bat ([1-6])(?::([0-5]\d))?(?! ?(?:am|pm|a\.m|p\.m|o'?clock|h\b|hours?|mins?|minutes?|:|\d|%|\/|-|st\b|nd\b|rd\b|th\b))\b/gi,
      (_, hour: string, minute: string | undefined) => `at ${hour}${minute ? `:${minute}` : ''}pm`,
    )
    .replace(
      new RegExp(`\\b(?:on |by )?(?:the )?${ORDINAL} (?:day )?of (?:every|each|the) month\\b`, 'gi'),
      (whole, day: string) => {
        const n = ordinal(day);
        return n && n <= 31 ? `every month on the ${n}${SUFFIX(n)}` : whole;
      },
    )
    .replace(
      new RegExp(`\\bevery (?:month on the )?${ORDINAL}(?: day)? of the month\\b`, 'gi'),
      (whole, day: string) => {
        const n = ordinal(day);
        return n && n <= 31 ? `every month on the ${n}${SUFFIX(n)}` : whole;
      },
    )
    .replace(
      new RegExp(`\\b(every (?:month|other month|\\d+ months) on the )${ORDINAL}\\b`, 'gi'),
      (whole, start: string, day: string) => {
        const n = ordinal(day);
        return n && n <= 31 ? `${start}${n}${SUFFIX(n)}` : whole;
      },
    )
    .replace(
      new RegExp(
        `(^|[\\s,(])(?<!\\bevery (?:other |\\d+ )?months? )(on|by|due|before|for|until|till|to) the ${ORDINAL}(?! (?:of )?(?:${MONTH_NAMES}|every|each|the month|day|week|time)\\b)(?=$|[\\s,.;!?)])`,
        'gi',
      ),
      (whole, lead: string, preposition: string, day: string) => {
        const n = ordinal(day);
        const date = n ? nextMonthDay(today, n) : null;
        return date ? `${lead}${preposition === 'by' || preposition === 'due' ? preposition : 'on'} ${date}` : whole;
      },
    )
    .replace(
      /\b(?:this (?:morning|afternoon|evening)|(?:by )?(?:the )?end of (?:the )?(?:day|today)|eod|cob|close of business)\b/gi,
      'today',
    )
    .replace(/\b(?:by )?(?:the )?end of (?:the |this )?week\b/gi, 'friday')
    .replace(/\btomorrow (?:morning|afternoon|evening|night)\b/gi, 'tomorrow')
    .replace(/\b(?:every|each) (?:morning|afternoon|evening|night)\b/gi, 'every day');
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
  const text = rewriteDates(phrase, context.today);
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
