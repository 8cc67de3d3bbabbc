import { DATE_ONLY_DUE_TIME, limits } from '@taskchat/db';
import type { TaskDue, TaskReminder } from '../task-text/task-text-types.ts';
import { localInstant, minutesOfDay } from './local-time.ts';
import type { ReminderInput } from './tasks.schemas.ts';

/**
 * A reminder the quick-add parser read, as stored. An absolute time on the due day of a date-only
 * task becomes relative to its due moment (DATE_ONLY_DUE_TIME): "remind me at 8am" on a task due
 * Friday is 60 minutes before, so it follows the task when it recurs or its date changes.
 */
export function storedReminder(reminder: TaskReminder, due: TaskDue | null, zone: string): ReminderInput {
  if (reminder.kind === 'relative') return { minutesBefore: reminder.minutesBefore };
  if (due && due.time === null && due.date === reminder.date) {
    const minutesBefore = minutesOfDay(DATE_ONLY_DUE_TIME) - minutesOfDay(reminder.time);
    if (minutesBefore >= -limits.reminderMinutesAfter && minutesBefore <= limits.reminderMinutesBefore) {
      return { minutesBefore };
    }
  }
  return { at: localInstant(zone, reminder.date, reminder.time) };
}
