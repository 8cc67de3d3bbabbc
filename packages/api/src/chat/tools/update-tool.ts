import type { z } from 'zod';
import { inTransaction } from '../../database.ts';
import { DomainError } from '../../errors.ts';
import { badField } from '../../tasks/task-rules.ts';
import type { TaskOutput } from '../../tasks/tasks.data.ts';
import { updateTaskInput } from '../../tasks/tasks.schemas.ts';
import { type ChangedTask, listedTask } from './listed-task.ts';
import { type Changed, completeOne, type FieldChanges, lockForUpdate, reopenOne, updateOne } from './task-changes.ts';
import { firstDue, readDeadline, readDue, readRecurrence, readReminders } from './task-phrases.ts';
import { taskTool } from './task-tool.ts';
import { updateTaskSchema, withoutAt } from './tool-inputs.ts';
import { inTx, scopeOf, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

type UpdateInput = z.output<typeof updateTaskSchema>;

/**
 * The model's words as `tasks.update`'s fields, read against the task as it is: reminders said
 * without a day are on its (new) due day; a repeat said in words starts at its first occurrence
 * unless a due is given, and a rule given to a task without a due starts at its first one.
 */
function fieldChanges(scope: ToolScope, task: TaskOutput, input: UpdateInput): FieldChanges {
  const changes: FieldChanges = {
    title: input.title,
    description: input.description,
    priority: input.priority,
    labels: withoutAt(input.labels),
  };
  if (input.due !== undefined) changes.due = input.due === null ? null : readDue('due', input.due, scope);
  if (input.deadline !== undefined) {
    changes.deadline = input.deadline === null ? null : readDeadline('deadline', input.deadline, scope);
  }
  if (input.recurrence === null) changes.recurrence = null;
  if (input.recurrence !== undefined && input.recurrence !== null) {
    const repeat = readRecurrence('recurrence', input.recurrence, scope);
    changes.recurrence = repeat.rule;
    if (changes.due === undefined && (repeat.due || !task.due))
      changes.due = repeat.due ?? firstDue(repeat.rule, scope);
  }
  if (input.reminders !== undefined) {
    const due = changes.due === undefined ? task.due : changes.due;
    changes.reminders = readReminders(
      'reminders',
      input.reminders,
      due && { date: due.date, time: due.time ?? null },
      scope,
    );
  }
  const checked = updateTaskInput.safeParse({ id: task.id, ...changes });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw badField(issue?.path.join('.') || 'task', issue?.message ?? 'cannot be changed so');
  }
  const { id: _id, ...fields } = checked.data;
  return fields;
}

async function updated(turn: ToolTurn, input: UpdateInput): Promise<ChangedTask> {
  const scope = scopeOf(turn.ctx, turn.facts);
  const { taskId, completed, ...rest } = input;
  const editing = Object.values(rest).some((value) => value !== undefined);
  if (!editing && completed === undefined)
    throw new DomainError('BAD_REQUEST', 'Nothing to update: say what to change');
  const steps = await inTransaction(turn.ctx.db, async (tx) => {
    const inside = inTx(scope, tx);
    const done: Changed[] = [];
    if (editing) {
      const before = await lockForUpdate(inside, taskId, { labels: (input.labels?.length ?? 0) > 0 });
      done.push(await updateOne(inside, before, fieldChanges(inside, before, input)));
    }
    if (completed === true) done.push(await completeOne(inside, taskId));
    if (completed === false) done.push(await reopenOne(inside, taskId));
    return done;
  });
  // Recorded once the transaction committed.
  for (const step of steps) if (step.effect) turn.record(step.effect);
  const last = steps.at(-1) as Changed;
  return { ...listedTask(scope, last.task, 1), change: steps.map((step) => step.change).join('; ') };
}

export const updateTaskTool = taskTool({
  description:
    "Change a task: its title, description, due (words or ISO; null clears it), deadline, priority, labels (replaced), recurrence (words or RRULE; null stops it), reminders (words; replaced), or completed. The result says what changed, naming the task's old title when renamed.",
  schema: updateTaskSchema,
  run: updated,
});
