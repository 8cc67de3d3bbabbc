import { Claims } from './claims.ts';
import { takeDeadline } from './deadline-phrases.ts';
import { takeDue } from './due-phrases.ts';
import { type LocalNow, localNow } from './local-dates.ts';
import { firstOccurrence, takeRecurrence } from './recurrence-phrases.ts';
import { type PendingReminder, takeReminders } from './reminder-phrases.ts';
import { takeLabels, takePriority, takeProject } from './tags.ts';
import type { ParsedTaskText, TaskDue, TaskReminder, TaskTextContext } from './task-text-types.ts';

export type * from './task-text-types.ts';

/** Only this many UTF-16 units are read for phrases; the rest is title (callers cap near 1,000). */
export const MAX_PARSED_LENGTH = 2_000;

/**
 * Quick Add: a task's text in English → its title, due date, deadline, recurrence, priority,
 * project, labels and reminders, with the ranges of the original text each came from. Pure (no
 * I/O); never throws. The grammar and its rules are in docs/quick-add.md.
 */
export function parseTaskText(text: string, context: TaskTextContext): ParsedTaskText {
  const input = typeof text === 'string' ? text : '';
  try {
    return parse(input, context);
  } catch {
    // A bug in a recogniser must not cost the user their task: nothing recognised.
    return nothingRecognised(input);
  }
}

function parse(text: string, context: TaskTextContext): ParsedTaskText {
  const now = localNow(context);
  const claims = new Claims(text.slice(0, MAX_PARSED_LENGTH));
  // The unambiguous marks first, then the phrases that contain dates, then the due date.
  const priority = takePriority(claims);
  const project = takeProject(claims, Array.isArray(context.projects) ? context.projects : []);
  const labels = takeLabels(claims);
  const pendingReminders = takeReminders(claims, now);
  const deadline = takeDeadline(claims, now);
  const recurrence = takeRecurrence(claims, now);
  const explicitDue = takeDue(claims, now);

  let due: TaskDue | null = explicitDue;
  if (recurrence) {
    const time = explicitDue?.time ?? recurrence.time;
    const from = explicitDue?.date ?? recurrence.startDate ?? now.date;
    const date = firstOccurrence(recurrence.body, from, from === now.date ? time : null, now);
    due = date === null ? null : { date, time };
  }

  const remainder = claims.remainder() + text.slice(MAX_PARSED_LENGTH);
  return {
    title: tidy(remainder) || text.trim(),
    due,
    deadline,
    recurrence: recurrence?.body ?? null,
    priority,
    project,
    labels,
    reminders: pendingReminders.map((reminder) => dated(reminder, due, now)),
    ranges: claims.sortedRanges(),
  };
}

/** Whitespace collapsed; a comma or semicolon left dangling at either end by a removed phrase goes too. */
function tidy(title: string): string {
  return title
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;])/g, '$1')
    .replace(/^[\s,;]+|[\s,;]+$/g, '');
}

/** An absolute reminder said without a day is on the due day, else today. */
function dated(reminder: PendingReminder, due: TaskDue | null, now: LocalNow): TaskReminder {
  if (reminder.kind === 'relative') return reminder;
  return { kind: 'absolute', date: reminder.date ?? due?.date ?? now.date, time: reminder.time };
}

function nothingRecognised(text: string): ParsedTaskText {
  return {
    title: text.trim(),
    due: null,
    deadline: null,
    recurrence: null,
    priority: null,
    project: null,
    labels: [],
    reminders: [],
    ranges: [],
  };
}
