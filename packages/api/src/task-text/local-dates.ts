import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { TaskTextContext } from './task-text-types.ts';

/**
 * Dates in words, through chrono, as the user's wall clock. Chrono is given the user's local
 * "now" as a floating UTC instant (offset 0), so its calendar arithmetic ("tomorrow", "in 3 days",
 * "friday") happens on local dates with no DST jumps; a relative time ("in 2 hours") is measured
 * from the real instant and converted to the zone with luxon, so it is right across a DST change.
 */

export interface LocalNow {
  zone: string;
  /** The real instant. */
  instant: Date;
  /** The user's wall clock as a UTC date (chrono's and rrule's floating reference). */
  floating: Date;
  date: string;
  time: string;
}

export interface DatePhrase {
  /** Offsets into the text given to `findDates`. */
  start: number;
  end: number;
  text: string;
  date: string;
  time: string | null;
  /** A day was said (a day of month, a weekday, "tomorrow", "in 3 days"), not only a time. */
  hasDay: boolean;
  /** A month was said with no day ("March", "jan 2025"). */
  monthOnly: boolean;
  /** The month and day of month, when both were said ("march 3", "3/14"): a yearly date. */
  monthDay: { month: number; day: number } | null;
  /** chrono's tags, e.g. "result/relativeDate". */
  tags: ReadonlySet<string>;
}

export function localNow(context: TaskTextContext): LocalNow {
  const zone = DateTime.now().setZone(context.timeZone).isValid ? context.timeZone : 'UTC';
  const ms = context.now instanceof Date && Number.isFinite(context.now.getTime()) ? context.now.getTime() : 0;
  const local = DateTime.fromMillis(ms, { zone });
  const floating = new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond),
  );
  return { zone, instant: new Date(ms), floating, date: isoDate(floating), time: hhmm(floating) };
}

/** YYYY-MM-DD of a floating UTC date. */
export function isoDate(floating: Date): string {
  return floating.toISOString().slice(0, 10);
}

function hhmm(floating: Date): string {
  return floating.toISOString().slice(11, 16);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * English casual chrono without its date-range merging: in a task, "at 9:30 until friday" is a
 * time then an "until", not one range. (A range chrono's parsers read in one piece, "9-10am", is
 * still one phrase; its start is used.)
 */
const parser = chrono.casual.clone();
parser.refiners = parser.refiners.filter((refiner) => refiner.constructor.name !== 'ENMergeDateRangeRefiner');

/**
 * A bare hour from 1 to 7 ("call mom at 6", "tomorrow at 7:30") is in the afternoon or evening:
 * that is when people mean it in a task, where chrono reads it as morning. An "am", a 24-hour
 * "06:00" or a "this morning" says otherwise and is kept. Runs before chrono forward-dates, so
 * "at 6" said at 11:00 is today at 18:00, not tomorrow at 06:00.
 */
const eveningHours: chrono.Refiner = {
  refine: (_context, results) => {
    for (const result of results) {
      const hour = result.start.get('hour') ?? 0;
      const said = result.start.isCertain('hour') && !result.start.isCertain('meridiem');
      if (said && hour >= 1 && hour <= 7 && !/\b0\d[:.]\d/.test(result.text) && !/morning/i.test(result.text)) {
        result.start.assign('hour', hour + 12);
        result.start.assign('meridiem', 1);
      }
    }
    return results;
  },
};
/** A floating date's day as chrono's known components. */
const dayOf = (date: DateTime) => ({ year: date.year, month: date.month, day: date.day });

/**
 * Everyday deadlines chrono does not read: "end of day"/"eod"/"close of business" (today), "end
 * of the week"/"eow" (the coming Friday, today on a Friday), and a day of the month alone, "on the
 * 5th", "by the first" (this month's, or the next month that has one once it has passed).
 */
parser.parsers.push(
  {
    pattern: () =>
      /(?<![\p{L}\p{N}])(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(day|week)|eo([dw])|co(b)|close\s+of\s+(b)usiness)(?![\p{L}\p{N}])/iu,
    extract: (context, match) => {
      const today = DateTime.fromJSDate(context.refDate, { zone: 'utc' });
      const unit = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').toLowerCase();
      if (unit !== 'week' && unit !== 'w') return dayOf(today);
      return dayOf(today.plus({ days: (5 - today.weekday + 7) % 7 }));
    },
  },
  {
    // After a preposition only: "read the 2nd chapter" has no date in it.
    pattern: () =>
      /(?<![\p{L}\p{N}])(?:on|by|due|before|until|till|to|for)\s+the\s+(?:([1-9]|[12]\d|3[01])(?:st|nd|rd|th)|(first|second|third))(?![\p{L}\p{N}])(?!\s+(?:of|day|week|time|one|two)\b)/iu,
    extract: (context, match) => {
      const day = match[1]
        ? Number(match[1])
        : ['first', 'second', 'third'].indexOf((match[2] ?? '').toLowerCase()) + 1;
      const today = DateTime.fromJSDate(context.refDate, { zone: 'utc' });
      let month = today.startOf('month');
      if (today.day > day) month = month.plus({ months: 1 });
      while ((month.daysInMonth ?? 31) < day) month = month.plus({ months: 1 });
      return dayOf(month.set({ day }));
    },
  },
);

const forwardDating = parser.refiners.findIndex((refiner) => refiner.constructor.name === 'ForwardDateRefiner');
parser.refiners.splice(forwardDating < 0 ? parser.refiners.length : forwardDating, 0, eveningHours);

export function findDates(text: string, now: LocalNow): DatePhrase[] {
  const results = parser.parse(text, { instant: now.floating, timezone: 0 }, { forwardDate: true });
  return results.map((result) => {
    const start = result.start;
    const tags = result.tags();
    // chrono keeps a trailing comma or full stop ("friday,"): it belongs to the sentence.
    const phraseText = result.text.replace(/[\s,.;]+$/, '');
    const base = { start: result.index, end: result.index + phraseText.length, text: phraseText, tags };
    if (tags.has('result/relativeDateAndTime')) {
      const real = new Date(now.instant.getTime() + (start.date().getTime() - now.floating.getTime()));
      const local = DateTime.fromJSDate(real, { zone: now.zone });
      return {
        ...base,
        date: local.toFormat('yyyy-MM-dd'),
        time: local.toFormat('HH:mm'),
        hasDay: true,
        monthOnly: false,
        monthDay: null,
      };
    }
    const date = `${String(start.get('year')).padStart(4, '0')}-${pad(start.get('month') ?? 1)}-${pad(start.get('day') ?? 1)}`;
    const time = start.isCertain('hour') ? `${pad(start.get('hour') ?? 0)}:${pad(start.get('minute') ?? 0)}` : null;
    // "this afternoon", "tonight": chrono implies today rather than saying it.
    const hasDay =
      start.isCertain('day') ||
      start.isCertain('weekday') ||
      tags.has('result/relativeDate') ||
      /^(?:this|tonight)\b/i.test(phraseText);
    const monthDay =
      start.isCertain('month') && start.isCertain('day') && !tags.has('result/relativeDate')
        ? { month: start.get('month') ?? 1, day: start.get('day') ?? 1 }
        : null;
    return { ...base, date, time, hasDay, monthOnly: !hasDay && start.isCertain('month'), monthDay };
  });
}

/** How far chrono is allowed to look for a phrase that must start at a given place. */
const LOOKAHEAD = 60;

/**
 * The date phrase starting at `position` of `text` (after whitespace only), if any, with offsets
 * into `text`. Looks at a bounded window, so calling it at many places stays linear.
 */
export function dateAt(text: string, position: number, now: LocalNow): DatePhrase | null {
  const window = text.slice(position, position + LOOKAHEAD);
  const first = findDates(window, now)[0];
  if (!first || window.slice(0, first.start).trim() !== '') return null;
  return { ...first, start: first.start + position, end: first.end + position };
}
