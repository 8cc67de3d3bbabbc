import { DateTime } from 'luxon';
import type { SnapshotField } from '../task-snapshot.ts';

/**
 * What a change did, in words, for the chip under the answer and for the model ("Renamed “buy
 * oat milk” to “buy almond milk”", "Moved “dentist” to Tue 8 Dec"). Dates are the user's, short,
 * with the year only when it is not this one.
 */

/** The column's length (`message_task_effects.change`). */
const MAX_CHANGE = 500;

export const quoted = (title: string) => `“${title}”`;

/** "Tue 8 Dec", "Tue 8 Dec 2027" outside this year. */
function dayWords(date: string, today: string): string {
  // English whatever the server's locale: the words around the date are.
  const day = DateTime.fromISO(date, { zone: 'UTC', locale: 'en-GB' });
  if (!day.isValid) return date;
  return day.toFormat(date.slice(0, 4) === today.slice(0, 4) ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/** A due as words: its day, and its time when timed. */
export function dueWords(due: { date: string; time: string | null } | null, today: string): string {
  if (!due) return 'no date';
  return due.time ? `${dayWords(due.date, today)} ${due.time}` : dayWords(due.date, today);
}

/** The fields of a task as a change shows them. */
interface WordedTask {
  title: string;
  description: string | null;
  due: { date: string; time: string | null } | null;
  deadline: string | null;
  priority: number;
  recurrence: string | null;
  labels: string[];
  reminders: unknown[];
  completed: boolean;
}

/** One field's new value in words ("due Tue 8 Dec", "no labels"); the title is said by the caller. */
function fieldWords(field: Exclude<SnapshotField, 'title'>, task: WordedTask, today: string): string {
  switch (field) {
    case 'description':
      return task.description ? 'a new description' : 'no description';
    case 'due':
      return task.due ? `due ${dueWords(task.due, today)}` : 'no due date';
    case 'deadline':
      return task.deadline ? `deadline ${dayWords(task.deadline, today)}` : 'no deadline';
    case 'priority':
      return `priority ${task.priority}`;
    case 'recurrence':
      return task.recurrence ? `repeating ${task.recurrence}` : 'not repeating';
    case 'labels':
      return task.labels.length ? `labels ${task.labels.map((label) => `@${label}`).join(' ')}` : 'no labels';
    case 'reminders':
      return task.reminders.length === 1
        ? '1 reminder'
        : task.reminders.length
          ? `${task.reminders.length} reminders`
          : 'no reminders';
    case 'completed':
      return task.completed ? 'done' : 'open';
  }
}

/**
 * An update in words: a rename says both titles, a due alone is "Moved “x” to …", anything else
 * lists the new values. `back` words an undo's ("Renamed “b” back to “a”").
 */
export function updateWords(
  before: { title: string },
  after: WordedTask,
  fields: readonly SnapshotField[],
  today: string,
  options: { back?: boolean } = {},
): string {
  const back = options.back ? ' back' : '';
  const rest = fields.flatMap((field) => (field === 'title' ? [] : [fieldWords(field, after, today)]));
  if (fields.includes('title')) {
    const renamed = `Renamed ${quoted(before.title)}${back} to ${quoted(after.title)}`;
    return clipChange(rest.length ? `${renamed}; ${rest.join(', ')}` : renamed);
  }
  if (fields.length === 1 && fields[0] === 'due') {
    return clipChange(
      after.due
        ? `Moved ${quoted(after.title)}${back} to ${dueWords(after.due, today)}`
        : `Cleared the due date of ${quoted(after.title)}`,
    );
  }
  const verb = options.back ? 'Put back' : 'Changed';
  return clipChange(`${verb} ${quoted(after.title)}: ${rest.join(', ')}`);
}

/** Within the column's length, cut at a code point. */
function clipChange(text: string): string {
  const codePoints = [...text];
  return codePoints.length <= MAX_CHANGE ? text : `${codePoints.slice(0, MAX_CHANGE - 1).join('')}…`;
}
