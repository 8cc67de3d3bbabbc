import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { parseTaskText } from '../task-text/parse-task-text.ts';
import { createTask } from './create-task.ts';
import { storedReminder } from './parsed-reminder.ts';
import { selectProjectNames } from './task-positions.data.ts';
import { badField } from './task-rules.ts';
import { selectTimeZone, type TaskOutput } from './tasks.data.ts';
import { createTaskInput, type quickAddInput } from './tasks.schemas.ts';

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
      reminders: parsed.reminders.map((reminder) => storedReminder(reminder, parsed.due, zone)),
    });
    if (!candidate.success) {
      const issue = candidate.error.issues[0];
      throw badField('text', `${issue?.path.join('.') || 'task'}: ${issue?.message ?? 'cannot be a task'}`);
    }
    return await createTask({ ...ctx, db: tx }, candidate.data);
  });
}
