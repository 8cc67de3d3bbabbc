/** What the quick-add parser needs to know about the user, and what it answers. See docs/quick-add.md. */

export interface TaskTextContext {
  /** IANA zone the user sees dates in, e.g. "Pacific/Auckland"; an unknown zone counts as UTC. */
  timeZone: string;
  now: Date;
  /** The user's project names: "#name" is recognised only for one of these. */
  projects?: readonly string[];
}

export type TaskTextRangeKind = 'due' | 'recurrence' | 'deadline' | 'priority' | 'project' | 'label' | 'reminder';

/** A recognised part: UTF-16 offsets into the original text, `text === original.slice(start, end)`. */
export interface TaskTextRange {
  kind: TaskTextRangeKind;
  start: number;
  end: number;
  text: string;
}

export interface TaskDue {
  /** YYYY-MM-DD in the user's zone. */
  date: string;
  /** HH:mm, 24-hour, local; null for a date-only (floating) due. */
  time: string | null;
}

export type TaskReminder =
  | { kind: 'relative'; minutesBefore: number }
  | { kind: 'absolute'; date: string; time: string };

export interface ParsedTaskText {
  title: string;
  due: TaskDue | null;
  deadline: string | null;
  /** An RRULE body without "RRULE:"; its DTSTART is `due.date`. */
  recurrence: string | null;
  priority: 1 | 2 | 3 | 4 | null;
  project: string | null;
  labels: string[];
  reminders: TaskReminder[];
  ranges: TaskTextRange[];
}
