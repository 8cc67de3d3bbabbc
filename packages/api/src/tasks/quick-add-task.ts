import { DATE_ONLY_DUE_TIME, limits } from '@taskchat/db';
import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { parseTaskText } from '../task-text/parse-task-text.ts';
import type { ParsedTaskText } from '../task-text/task-text-types.ts';
import { createTask } from './create-task.ts';
import { localInstant, minutesOfDay } from './local-time.ts';
import { selectProjectNames } from './task-positions.data.ts';
import { badField } from './task-rules.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import { createTaskInput, type quickAddInput, type ReminderInput } from './tasks.schemas.ts';

/**
 * A parsed reminder as stored. An absolute time on the due day of a date-only task becomes
 * relative to its due moment (DATE_ONLY_DUE_TIME): "remind me at 8am" on a task due Friday is 60
 * minutes before, so it follows the task when it recurs or its date changes.
 */
function reminderOf(
  reminder: ParsedTaskText['reminders'][number],
  parsed: ParsedTaskText,
  zone: string,
): ReminderInput {
  if (reminder.kind === 'relative') return { minutesBefore: reminder.minutesBefore };
  if (parsed.due && parsed.due.time === null && parsed.due.date === reminder.date) {
    const minutesBefore = minutesOfDay(DATE_ONLY_DUE_TIME) - minutesOfDay(reminder.time);
    if (minutesBefore >= -limits.reminderMinutesAfter && minutesBefore <= limits.reminderMinutesBefore) {
      return { minutesBefore };
    }
  }
  return { at: localInstant(zone, reminder.date, reminder.time) };
}

/**
 * `tasks.quickAdd`: the text read as `tasks.parse` reads it, then created as `tasks.create`
 * does, in one transaction: `#project` names one of the caller's projects (an unknown one stays
 * in the title) and wins over `projectId` (the list the text was typed in; the Inbox without
 * either), `@labels` are created when missing. What the text makes that a task cannot hold
 * (a blank title, an over-long one) is a BAD_REQUEST naming `text`.
 */
export async function quickAddTask(ctx: TaskScope, input: z.output<typeof quickAddInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const zone = await selectTimeZone(tx, ctx.userId);
    const projects = await selectProjectNames(tx, ctx.userId);
    const parsed = parseTaskText(input.text, {
      timeZone: zone,
      now: new Date(),
      projects: projects.map((p) => p.name),
    });
    const project =
      parsed.project === null
        ? undefined
        : projects.find((candidate) => candidate.name.toLowerCase() === parsed.project?.toLowerCase());
    const candidate = createTaskInput.safeParse({
      title: parsed.title,
      projectId: project?.id ?? input.projectId,
      due: parsed.due,
      deadline: parsed.deadline,
      priority: parsed.priority ?? undefined,
      recurrence: parsed.recurrence,
      labels: parsed.labels,
      reminders: parsed.reminders.map((reminder) => reminderOf(reminder, parsed, zone)),
    });
    if (!candidate.success) {
      const issue = candidate.error.issues[0];
      throw badField('text', `${issue?.path.join('.') || 'task'}: ${issue?.message ?? 'cannot be a task'}`);
    }
    return await createTask({ ...ctx, db: tx }, candidate.data);
  });
}
