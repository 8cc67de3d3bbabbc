import rrulePackage, { type Options, type Weekday } from 'rrule';
import type { Claims } from './claims.ts';
import { dateAt, isoDate, type LocalNow } from './local-dates.ts';

// rrule ships CommonJS to Node: its classes come through the default export.
const { RRule } = rrulePackage;

/**
 * Recurrence in words → an RRULE body (RFC 5545, built and checked by rrule): "every day",
 * "daily", "every other week", "every 2 weeks on monday", "every mon and thu", "every weekday",
 * "every weekend", "every month on the 1st", "every 15th", "every last day of the month",
 * "every first monday", "every last friday", "every year", "every march 3", each optionally
 * followed by a time ("at 9am"), "starting <date>", "until <date>", "for 5 times"/"5 times".
 * The dates and times inside are chrono's; only the recurrence words are this grammar.
 */
export interface RecurrencePhrase {
  body: string;
  time: string | null;
  /** "starting <date>": the first occurrence is on or after it. */
  startDate: string | null;
}

interface Token {
  word: string;
  start: number;
  end: number;
}

interface Rule {
  freq: Options['freq'];
  interval: number;
  byweekday: Weekday[];
  bymonthday: number[];
  bymonth: number[];
  count: number | null;
  until: string | null;
  time: string | null;
  startDate: string | null;
}

const WEEKDAYS: Record<string, Weekday> = {};
for (const [names, day] of [
  ['mon monday mondays', RRule.MO],
  ['tue tues tuesday tuesdays', RRule.TU],
  ['wed weds wednesday wednesdays', RRule.WE],
  ['thu thur thurs thursday thursdays', RRule.TH],
  ['fri friday fridays', RRule.FR],
  ['sat saturday saturdays', RRule.SA],
  ['sun sunday sundays', RRule.SU],
] as const) {
  for (const name of names.split(' ')) WEEKDAYS[name] = day;
}

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const ORDINAL_WORDS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'];
const ADVERBS: Record<string, [Options['freq'], number]> = {
  daily: [RRule.DAILY, 1],
  weekly: [RRule.WEEKLY, 1],
  biweekly: [RRule.WEEKLY, 2],
  fortnightly: [RRule.WEEKLY, 2],
  monthly: [RRule.MONTHLY, 1],
  quarterly: [RRule.MONTHLY, 3],
  yearly: [RRule.YEARLY, 1],
  annually: [RRule.YEARLY, 1],
};
const UNITS: Record<string, [Options['freq'], number]> = {
  day: [RRule.DAILY, 1],
  week: [RRule.WEEKLY, 1],
  fortnight: [RRule.WEEKLY, 2],
  month: [RRule.MONTHLY, 1],
  quarter: [RRule.MONTHLY, 3],
  year: [RRule.YEARLY, 1],
};

/** "every morning" is daily at 09:00; the others are daily at these hours. */
const DAY_PARTS: Record<string, string> = { morning: '09:00', afternoon: '15:00', evening: '19:00', night: '21:00' };

const TRIGGER =
  /(?<![\p{L}\p{N}])(?:every|each|daily|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually)(?![\p{L}\p{N}])/giu;
const MAX_TRIGGERS = 20;
/** A recurrence phrase is read from at most this many characters after its first word. */
const SPAN = 200;

/** Finds the first recurrence phrase, claims it (one 'recurrence' range) and answers it. */
export function takeRecurrence(claims: Claims, now: LocalNow): RecurrencePhrase | null {
  let tried = 0;
  for (const trigger of claims.masked.matchAll(TRIGGER)) {
    if (++tried > MAX_TRIGGERS) break;
    const parsed = new RecurrenceReader(claims.masked, trigger.index, now).read();
    if (!parsed) continue;
    const start = monthlyDayBefore(claims.masked, trigger.index, parsed.rule) ?? trigger.index;
    const body = ruleBody(parsed.rule);
    if (body === null) continue;
    claims.claim('recurrence', start, parsed.end);
    return { body, time: parsed.rule.time, startDate: parsed.rule.startDate };
  }
  return null;
}

const DAY_OF_BEFORE =
  /(?:(?<![\p{L}\p{N}])on\s+)?(?:(?<![\p{L}\p{N}])the\s+)?(?<![\p{L}\p{N}])([\p{L}\p{N}]+)(?:\s+([\p{L}]+))?\s+of\s+$/iu;

/**
 * The day said before a monthly rule: "on the 1st of every month", "the last day of each month",
 * "the first monday of every month". Sets it on `rule` and answers where the phrase starts.
 */
function monthlyDayBefore(text: string, index: number, rule: Rule): number | null {
  if (rule.freq !== RRule.MONTHLY || rule.bymonthday.length > 0 || rule.byweekday.length > 0) return null;
  const from = Math.max(0, index - 40);
  const match = DAY_OF_BEFORE.exec(text.slice(from, index));
  const nth = ordinalOf(match?.[1]?.toLowerCase());
  if (!match || nth === null) return null;
  const second = match[2]?.toLowerCase();
  const weekday = second === undefined ? undefined : WEEKDAYS[second];
  if (second !== undefined && second !== 'day' && !weekday) return null;
  if (weekday) {
    if (nth > 5) return null;
    rule.byweekday = [weekday.nth(nth)];
  } else rule.bymonthday = [nth];
  return from + match.index;
}

function ruleBody(rule: Rule): string | null {
  const options: Partial<Options> = { freq: rule.freq };
  if (rule.interval > 1) options.interval = rule.interval;
  if (rule.byweekday.length > 0) options.byweekday = rule.byweekday;
  if (rule.bymonth.length > 0) options.bymonth = rule.bymonth;
  if (rule.bymonthday.length > 0) options.bymonthday = rule.bymonthday;
  if (rule.count !== null) options.count = rule.count;
  if (rule.until !== null) options.until = new Date(`${rule.until}T00:00:00Z`);
  try {
    const body = RRule.optionsToString(options).replace(/^RRULE:/, '');
    RRule.fromString(body); // throws on a rule rrule cannot read
    return body;
  } catch {
    return null;
  }
}

/**
 * The first occurrence of `body` on or after `from` (YYYY-MM-DD, local), as a local date; when
 * that is today and `time` has already passed, the next one. Local dates are floating UTC dates
 * for rrule. Null when the rule has no such occurrence (an UNTIL in the past).
 */
export function firstOccurrence(body: string, from: string, time: string | null, now: LocalNow): string | null {
  try {
    const dtstart = new Date(`${from}T00:00:00Z`);
    const rule = new RRule({ ...RRule.parseString(body), dtstart });
    let occurrence = rule.after(dtstart, true);
    if (occurrence && time !== null && isoDate(occurrence) === now.date && time <= now.time) {
      occurrence = rule.after(occurrence, false);
    }
    return occurrence ? isoDate(occurrence) : null;
  } catch {
    return null;
  }
}

class RecurrenceReader {
  private readonly tokens: Token[] = [];
  private i = 0;
  private end: number;
  /** The usual hour of "every morning|afternoon|evening|night", when that was the rule. */
  private dayPartTime: string | null = null;
  private readonly text: string;
  private readonly now: LocalNow;

  constructor(text: string, start: number, now: LocalNow) {
    this.text = text;
    this.now = now;
    const limit = Math.min(text.length, start + SPAN);
    // Words, and each other character on its own ("every. monday" is no phrase: "." is no grammar word).
    const pattern = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
    pattern.lastIndex = start;
    for (let match = pattern.exec(text); match && match.index < limit; match = pattern.exec(text)) {
      this.tokens.push({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
    }
    this.end = start;
  }

  read(): { rule: Rule; end: number } | null {
    const first = this.next();
    if (!first) return null;
    const rule: Rule = {
      freq: RRule.DAILY,
      interval: 1,
      byweekday: [],
      bymonthday: [],
      bymonth: [],
      count: null,
      until: null,
      time: null,
      startDate: null,
    };
    const adverb = ADVERBS[first.word];
    if (adverb) [rule.freq, rule.interval] = adverb;
    else if (!this.core(rule)) return null;
    this.suffixes(rule);
    // "every evening at 8" is 20:00; "every evening" alone, the evening's usual hour.
    if (this.dayPartTime) rule.time = inDayPart(rule.time, this.dayPartTime) ?? this.dayPartTime;
    return { rule, end: this.end };
  }

  private peek(offset = 0): string | undefined {
    return this.tokens[this.i + offset]?.word;
  }

  private next(): Token | undefined {
    const token = this.tokens[this.i];
    if (token) {
      this.i++;
      this.end = token.end;
    }
    return token;
  }

  /** Moves past a chrono phrase that ended at `end`. */
  private skipTo(end: number): void {
    while ((this.tokens[this.i]?.start ?? Number.POSITIVE_INFINITY) < end) this.i++;
    this.end = end;
  }

  /** After "every"/"each". */
  private core(rule: Rule): boolean {
    let interval = 1;
    const word = this.peek();
    if (word === 'other') interval = 2;
    else if (word !== undefined && numberOf(word) !== null && unitOf(this.peek(1)) !== null)
      interval = numberOf(word) ?? 1;
    if (interval > 1) this.next();
    const unit = unitOf(this.peek());
    if (unit) {
      this.next();
      [rule.freq, rule.interval] = [unit[0], unit[1] * interval];
      return true;
    }
    const part = DAY_PARTS[this.peek() ?? ''];
    if (part && interval === 1) {
      this.next();
      rule.freq = RRule.DAILY;
      this.dayPartTime = part;
      return true;
    }
    const group = this.peek() ?? '';
    if (/^(weekday|workday)s?$/.test(group) || /^weekends?$/.test(group)) {
      this.next();
      rule.freq = RRule.WEEKLY;
      rule.byweekday = group.startsWith('weekend')
        ? [RRule.SA, RRule.SU]
        : [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR];
      return true;
    }
    if (this.weekdays(rule)) {
      rule.freq = RRule.WEEKLY;
      rule.interval = interval;
      return true;
    }
    if (this.monthlyDays(rule)) {
      rule.freq = RRule.MONTHLY;
      rule.interval = interval;
      return true;
    }
    const token = this.tokens[this.i];
    const phrase = token && interval === 1 ? dateAt(this.text, token.start, this.now) : null;
    if (phrase?.monthDay && phrase.start === token?.start) {
      rule.freq = RRule.YEARLY;
      rule.bymonth = [phrase.monthDay.month];
      rule.bymonthday = [phrase.monthDay.day];
      rule.time = phrase.time;
      this.skipTo(phrase.end);
      return true;
    }
    return false;
  }

  /** "monday", "mon and thu", "mon, wed, fri". */
  private weekdays(rule: Rule): boolean {
    const days: Weekday[] = [];
    for (;;) {
      const day = WEEKDAYS[this.peek() ?? ''];
      if (!day) break;
      this.next();
      if (!days.some((d) => d.weekday === day.weekday)) days.push(day);
      const separators = this.separatorsBefore((word) => word in WEEKDAYS);
      if (separators === 0) break;
      for (let n = 0; n < separators; n++) this.i++;
    }
    if (days.length === 0) return false;
    rule.byweekday = days.sort((a, b) => a.weekday - b.weekday);
    return true;
  }

  /** "1st", "1st and 15th", "last day", "first monday", "last friday", then "of the month". */
  private monthlyDays(rule: Rule): boolean {
    const nth = ordinalOf(this.peek());
    const weekday = WEEKDAYS[this.peek(1) ?? ''];
    if (nth !== null && nth <= 5 && weekday) {
      this.next();
      this.next();
      rule.byweekday = [weekday.nth(nth)];
      this.ofTheMonth();
      return true;
    }
    const days: number[] = [];
    for (;;) {
      const word = this.peek();
      const ordinal = ordinalOf(word);
      if (ordinal === null) break;
      if (/^\d/.test(word ?? '') && ordinal > 0) {
        this.next();
        if (this.peek() === 'day') this.next();
      } else if (this.peek(1) === 'day') {
        this.next();
        this.next();
      } else break;
      if (!days.includes(ordinal)) days.push(ordinal);
      const separators = this.separatorsBefore((next) => ordinalOf(next) !== null);
      if (separators === 0) break;
      for (let n = 0; n < separators; n++) this.i++;
    }
    if (days.length === 0) return false;
    rule.bymonthday = days;
    this.ofTheMonth();
    return true;
  }

  /** How many separator tokens (",", "&", "and", ", and") come before a token `accepts`; 0 if none does. */
  private separatorsBefore(accepts: (word: string) => boolean): number {
    let n = 0;
    while (n < 2 && [',', '&', 'and'].includes(this.peek(n) ?? '')) n++;
    return n > 0 && accepts(this.peek(n) ?? '') ? n : 0;
  }

  private ofTheMonth(): void {
    const words = [this.peek(), this.peek(1), this.peek(2)];
    if (words[0] === 'of' && ['the', 'each', 'every'].includes(words[1] ?? '') && words[2] === 'month') {
      this.next();
      this.next();
      this.next();
    }
  }

  /** Anything after the core, in any order, each once: "on …", a time, "starting …", "until …", "N times". */
  private suffixes(rule: Rule): void {
    for (let round = 0; round < 6; round++) {
      if (!this.suffix(rule)) return;
    }
  }

  private suffix(rule: Rule): boolean {
    const word = this.peek();
    const token = this.tokens[this.i];
    if (!token || word === undefined) return false;
    const plain = rule.byweekday.length === 0 && rule.bymonthday.length === 0 && rule.bymonth.length === 0;
    if (word === 'on' && plain) {
      const [mark, markEnd] = [this.i, this.end];
      this.next();
      if (this.peek() === 'the') this.next();
      if (rule.freq === RRule.WEEKLY && this.weekdays(rule)) return true;
      if (rule.freq === RRule.MONTHLY && this.monthlyDays(rule)) return true;
      const at = this.tokens[this.i];
      const phrase = rule.freq === RRule.YEARLY && at ? dateAt(this.text, at.start, this.now) : null;
      if (phrase?.monthDay && phrase.start === at?.start) {
        rule.bymonth = [phrase.monthDay.month];
        rule.bymonthday = [phrase.monthDay.day];
        rule.time ??= phrase.time;
        this.skipTo(phrase.end);
        return true;
      }
      [this.i, this.end] = [mark, markEnd];
      return false;
    }
    if (['starting', 'from', 'beginning', 'until', 'till', 'through', 'thru', 'ending'].includes(word)) {
      const starting = ['starting', 'from', 'beginning'].includes(word);
      if ((starting ? rule.startDate : rule.until) !== null) return false;
      const skip = this.peek(1) === 'on' ? 2 : 1;
      const at = this.tokens[this.i + skip];
      const phrase = at ? dateAt(this.text, at.start, this.now) : null;
      if (!phrase || phrase.start !== at?.start || (!phrase.hasDay && !(phrase.monthOnly && !starting))) return false;
      if (starting) rule.startDate = phrase.date;
      else rule.until = phrase.date;
      this.skipTo(phrase.end);
      return true;
    }
    const count = word === 'for' ? this.peek(1) : word;
    const times = word === 'for' ? this.peek(2) : this.peek(1);
    if (count !== undefined && numberOf(count) !== null && (times === 'times' || times === 'occurrences')) {
      if (rule.count !== null) return false;
      rule.count = numberOf(count);
      for (let n = word === 'for' ? 3 : 2; n > 0; n--) this.next();
      return true;
    }
    if (rule.time === null) {
      const phrase = dateAt(this.text, token.start, this.now);
      if (phrase?.time && !phrase.hasDay && phrase.start === token.start) {
        rule.time = phrase.time;
        this.skipTo(phrase.end);
        return true;
      }
    }
    return false;
  }
}

/**
 * A time said with a part of the day is in it: "every evening at 8" is 20:00, "every morning at
 * 7" 07:00 (a bare 7 alone would be the evening: local-dates.ts).
 */
function inDayPart(time: string | null, part: string): string | null {
  if (time === null) return null;
  const hour = Number(time.slice(0, 2));
  const shift = part >= '12:00' ? (hour < 12 ? 12 : 0) : hour > 12 && hour <= 19 ? -12 : 0;
  return `${String(hour + shift).padStart(2, '0')}${time.slice(2)}`;
}

function numberOf(word: string): number | null {
  if (/^\d{1,3}$/.test(word)) return Number(word) > 0 ? Number(word) : null;
  const index = NUMBER_WORDS.indexOf(word);
  return index > 0 ? index : null;
}

function unitOf(word: string | undefined): [Options['freq'], number] | null {
  if (word === undefined) return null;
  return UNITS[word] ?? UNITS[word.replace(/s$/, '')] ?? null;
}

/** "1st".."31st", "first".."fifth", "last" (-1). */
function ordinalOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  if (word === 'last') return -1;
  const numeric = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(word);
  if (numeric) {
    const n = Number(numeric[1]);
    return n >= 1 && n <= 31 ? n : null;
  }
  const index = ORDINAL_WORDS.indexOf(word);
  return index > 0 ? index : null;
}
