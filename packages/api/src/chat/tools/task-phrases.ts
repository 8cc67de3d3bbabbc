import { calendarDateSchema, limits } from '@taskchat/db';
import { DateTime } from 'luxon';
import { DomainError } from '../../errors.ts';
import { Claims } from '../../task-text/claims.ts';
import { localNow } from '../../task-text/local-dates.ts';
import { parseTaskText } from '../../task-text/parse-task-text.ts';
import { firstOccurrence } from '../../task-text/recurrence-phrases.ts';
import { takeReminders } from '../../task-text/reminder-phrases.ts';
import type { ParsedTaskText, TaskDue, TaskTextRangeKind } from '../../task-text/task-text-types.ts';
import { storedReminder } from '../../tasks/parsed-reminder.ts';
import { recurrenceSchema } from '../../tasks/recurrence.ts';
import type { ReminderInput } from '../../tasks/tasks.schemas.ts';
import type { ToolScope } from './tool-scope.ts';

/**
 * The dates, repeats and reminders a model writes in a tool call, read as the user's words are:
 * by the quick-add parser in the user's zone ("tomorrow at 6pm", "every monday", "30 minutes
 * before"), or ISO. What it cannot read, or reads only in part, is a BAD_REQUEST naming the field
 * and the words it did not understand: the model sees it as the tool's error and can say it again.
 */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d{1,9})?)?$/;
// An offset is at most 14 hours (UTC+14 is the furthest zone).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):?[0-5]\d)$/i;

const refuse = (field: string, message: string) => new DomainError('BAD_REQUEST', `${field}: ${message}`);

function isoDay(field: string, text: string): string {
  if (!calendarDateSchema.safeParse(text).success) throw refuse(field, `${text} is not a date of the calendar`);
  return text;
}

/** An ISO date, local date and time, or instant (then read on the user's wall clock); null when it is none. */
function isoDue(field: string, text: string, zone: string): TaskDue | null {
  if (ISO_DAY.test(text)) return { date: isoDay(field, text), time: null };
  const local = ISO_LOCAL.exec(text);
  if (local?.[1] && local[2]) {
    if (local[2] > '23:59') throw refuse(field, `${local[2]} is not a time of day`);
    return { date: isoDay(field, local[1]), time: local[2] };
  }
  if (ISO_INSTANT.test(text)) {
    const at = DateTime.fromISO(text, { setZone: true });
    if (!at.isValid) throw refuse(field, `${text} is not a date and time`);
    const there = at.setZone(zone);
    return { date: there.toFormat('yyyy-MM-dd'), time: there.toFormat('HH:mm') };
  }
  // ISO-looking but none of the forms: not left to chrono, which reads odd offsets too.
  if (/^\d{4}-\d{2}-\d{2}T/i.test(text)) throw refuse(field, `${text} is not a date and time as 2026-12-03T18:00`);
  return null;
}

function parse(text: string, scope: ToolScope): ParsedTaskText {
  // No project names: a "#word" in a date is no project, and stays unread.
  return parseTaskText(text, { timeZone: scope.zone, now: scope.now });
}

/** The words outside the ranges of these kinds: what was not understood (punctuation alone is nothing). */
function unread(parsed: ParsedTaskText, text: string, kinds: readonly TaskTextRangeKind[]): string {
  let rest = '';
  let from = 0;
  for (const range of parsed.ranges) {
    if (!kinds.includes(range.kind)) continue;
    rest += `${text.slice(from, range.start)} `;
    from = range.end;
  }
  rest = `${rest}${text.slice(from)}`.replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(rest) ? rest : '';
}

function assertRead(field: string, parsed: ParsedTaskText, text: string, kinds: readonly TaskTextRangeKind[]): void {
  const rest = unread(parsed, text, kinds);
  if (rest) throw refuse(field, `could not read “${rest}” in “${text}”`);
}

/** A due: "tomorrow at 6pm", "next friday", "in 3 days", 2026-12-03, 2026-12-03T18:00. */
export function readDue(field: string, phrase: string, scope: ToolScope): TaskDue {
  const text = phrase.trim();
  const iso = isoDue(field, text, scope.zone);
  if (iso) return iso;
  const parsed = parse(text, scope);
  if (parsed.recurrence) throw refuse(field, `“${text}” repeats: give it as recurrence`);
  if (!parsed.due) {
    throw refuse(field, `could not read “${text}” as a date (say “tomorrow at 6pm”, “next friday” or 2026-12-03)`);
  }
  assertRead(field, parsed, text, ['due']);
  return parsed.due;
}

/** A deadline (a day): "friday", "deadline friday", "dec 24", 2026-12-24; a time said with it is dropped. */
export function readDeadline(field: string, phrase: string, scope: ToolScope): string {
  const text = phrase.trim();
  const iso = isoDue(field, text, scope.zone);
  if (iso) return iso.date;
  const parsed = parse(text, scope);
  const date = parsed.deadline ?? (parsed.recurrence ? null : parsed.due?.date);
  if (!date) throw refuse(field, `could not read “${text}” as a day (say “friday”, “dec 24” or 2026-12-24)`);
  assertRead(field, parsed, text, ['due', 'deadline']);
  return date;
}

/**
 * A repeat: words ("every monday", "every month on the 1st", "daily at 9") or an RRULE body
 * (FREQ=WEEKLY;BYDAY=MO), with the first occurrence when the words give one (and its time).
 */
export function readRecurrence(field: string, phrase: string, scope: ToolScope): { rule: string; due: TaskDue | null } {
  const text = phrase.trim();
  let rule: string;
  let due: TaskDue | null = null;
  if (/FREQ=/i.test(text)) {
    rule = text;
  } else {
    const parsed = parse(text, scope);
    if (!parsed.recurrence) {
      throw refuse(
        field,
        `could not read “${text}” as a repeat (say “every monday”, “every month on the 1st” or an RRULE such as FREQ=WEEKLY;BYDAY=MO)`,
      );
    }
    assertRead(field, parsed, text, ['recurrence', 'due']);
    rule = parsed.recurrence;
    due = parsed.due;
  }
  const checked = recurrenceSchema.safeParse(rule);
  if (!checked.success) throw refuse(field, checked.error.issues[0]?.message ?? 'not a rule a task can have');
  return { rule: checked.data, due };
}

/** The rule's first occurrence from today on (a recurring task given no due starts there); null when it has none. */
export function firstDue(rule: string, scope: ToolScope): TaskDue | null {
  const now = localNow({ timeZone: scope.zone, now: scope.now });
  const date = firstOccurrence(rule, now.date, null, now);
  return date ? { date, time: null } : null;
}

/**
 * Reminders: "30 minutes before", "1 hour before", "at 8am", "tomorrow at 9", "!30m". A time
 * without a day is on the due day (else today); on a date-only due it is kept relative to it.
 */
export function readReminders(
  field: string,
  phrases: readonly string[],
  due: TaskDue | null,
  scope: ToolScope,
): ReminderInput[] {
  const now = localNow({ timeZone: scope.zone, now: scope.now });
  return phrases.map((phrase, index) => {
    const said = phrase.trim();
    const text = /^(remind me\b|!)/i.test(said) ? said : `remind me ${said}`;
    const claims = new Claims(text);
    const [reminder, ...more] = takeReminders(claims, now);
    const place = `${field}[${index}]`;
    if (!reminder) {
      throw refuse(
        place,
        `could not read “${said}” as a reminder (say “30 minutes before”, “at 8am” or “tomorrow at 9”)`,
      );
    }
    const rest = claims.remainder();
    if (more.length > 0 || /[\p{L}\p{N}]/u.test(rest))
      throw refuse(place, `could not read “${rest || said}” in “${said}”`);
    if (reminder.kind === 'relative') {
      const minutes = reminder.minutesBefore;
      if (minutes > limits.reminderMinutesBefore) throw refuse(place, 'at most 4 weeks before the due time');
      return storedReminder(reminder, due, scope.zone);
    }
    const dated = { kind: 'absolute' as const, date: reminder.date ?? due?.date ?? now.date, time: reminder.time };
    return storedReminder(dated, due, scope.zone);
  });
}
