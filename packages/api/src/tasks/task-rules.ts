import { limits } from '@taskchat/db';
import { generateKeyBetween } from 'fractional-indexing';
import { DomainError } from '../errors.ts';
import { hasOccurrence } from './recurrence.ts';
import type { ReminderValue } from './task-reminders.data.ts';
import type { ReminderInput } from './tasks.schemas.ts';

/** The rules create, update, move and quick add share; BAD_REQUEST messages start with the field's name. */

export const badField = (field: string, message: string) => new DomainError('BAD_REQUEST', `${field}: ${message}`);

/** A recurring task needs a due date its rule has an occurrence from. */
export function checkRecurrence(recurrence: string | null, dueDate: string | null, field: 'recurrence' | 'due'): void {
  if (recurrence === null) return;
  if (dueDate === null) throw badField(field, 'A recurring task needs a due date');
  if (!hasOccurrence(recurrence, dueDate))
    throw badField('recurrence', 'The rule has no occurrence from the due date on');
}

/** Reminders as stored; an absolute one in the past is refused. */
export function checkReminders(reminders: readonly ReminderInput[], now: Date): ReminderValue[] {
  if (reminders.length > limits.remindersPerTask) throw badField('reminders', `At most ${limits.remindersPerTask}`);
  return reminders.map((reminder) => {
    if ('at' in reminder) {
      if (reminder.at.getTime() <= now.getTime()) throw badField('reminders', 'A reminder cannot be in the past');
      return { at: reminder.at };
    }
    return { minutesBefore: reminder.minutesBefore };
  });
}

/** A key after `last` (the end of a project); null when `last` is no key fractional-indexing reads. */
export function keyAfter(last: string | null): string | null {
  try {
    return generateKeyBetween(last, null);
  } catch {
    return null;
  }
}

/** A key strictly between two (either end open); null when they are not two ordered keys (a tie, a foreign key). */
export function keyBetween(low: string | null, high: string | null): string | null {
  if (low !== null && high !== null && low >= high) return null;
  try {
    const key = generateKeyBetween(low, high);
    return key.length <= limits.position ? key : null;
  } catch {
    return null;
  }
}
