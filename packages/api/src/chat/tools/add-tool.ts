import type { z } from 'zod';
import { inTransaction } from '../../database.ts';
import { createTask } from '../../tasks/create-task.ts';
import { badField } from '../../tasks/task-rules.ts';
import type { TaskOutput } from '../../tasks/tasks.data.ts';
import { createTaskInput } from '../../tasks/tasks.schemas.ts';
import type { RecordedEffect } from '../task-effects.data.ts';
import { dueWords, quoted } from './change-words.ts';
import { type ChangedTask, listedTask } from './listed-task.ts';
import { effectOf } from './task-changes.ts';
import { firstDue, readDeadline, readDue, readRecurrence, readReminders } from './task-phrases.ts';
import { taskTool } from './task-tool.ts';
import { addTasksSchema, withoutAt } from './tool-inputs.ts';
import { inTx, projectName, projectNamed, scopeOf, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

type NewTask = z.output<typeof addTasksSchema>['tasks'][number];

/**
 * A task the model described, as `tasks.create` takes it: its dates and repeat read from words
 * (a repeat without a due starts at its first occurrence), its project by name, checked with the
 * same schema as `tasks.create`. Errors name the task's place in the call (`tasks[2].due: …`).
 */
function creation(scope: ToolScope, item: NewTask, index: number): z.output<typeof createTaskInput> {
  const field = (name: string) => `tasks[${index}].${name}`;
  const project = item.project === undefined ? undefined : projectNamed(scope, item.project, { forTasks: true });
  let due = item.due === undefined ? null : readDue(field('due'), item.due, scope);
  const repeat = item.recurrence === undefined ? null : readRecurrence(field('recurrence'), item.recurrence, scope);
  if (repeat && !due) due = repeat.due ?? firstDue(repeat.rule, scope);
  const candidate = createTaskInput.safeParse({
    title: item.title,
    description: item.description,
    projectId: project?.id,
    due,
    deadline: item.deadline === undefined ? undefined : readDeadline(field('deadline'), item.deadline, scope),
    priority: item.priority,
    recurrence: repeat?.rule,
    labels: withoutAt(item.labels),
    reminders: item.reminders === undefined ? undefined : readReminders(field('reminders'), item.reminders, due, scope),
  });
  if (!candidate.success) {
    const issue = candidate.error.issues[0];
    throw badField(field(issue?.path.join('.') || 'task'), issue?.message ?? 'cannot be a task');
  }
  return candidate.data;
}

function addedWords(scope: ToolScope, task: TaskOutput): string {
  const project = scope.projects.find((candidate) => candidate.id === task.projectId);
  const where = project && !project.inbox ? ` to ${projectName(scope, task.projectId)}` : '';
  const when = task.due ? `, due ${dueWords(task.due, scope.today)}` : '';
  return `Added ${quoted(task.title)}${where}${when}${task.recurrence ? ', repeating' : ''}`;
}

/** Adds every task or none (one transaction): a task the model got wrong fails the call, and it can try again. */
async function added(turn: ToolTurn, items: NewTask[]): Promise<{ tasks: ChangedTask[] }> {
  const scope = scopeOf(turn.ctx, turn.facts);
  const creations = items.map((item, index) => creation(scope, item, index));
  const effects: RecordedEffect[] = [];
  const tasks = await inTransaction(turn.ctx.db, async (tx) => {
    const changed: ChangedTask[] = [];
    for (const input of creations) {
      const task = await createTask(inTx(scope, tx).ctx, input);
      const change = addedWords(scope, task);
      effects.push(effectOf('add', task, change, null));
      changed.push({ ...listedTask(scope, task, changed.length + 1), change });
    }
    return changed;
  });
  // Recorded once the tasks exist for good.
  for (const effect of effects) turn.record(effect);
  return { tasks };
}

export const addTasksTool = taskTool({
  description:
    'Add 1 to 50 tasks, each with its own title and, optionally, due (words or ISO), deadline, priority, project (by name), labels, recurrence (words or RRULE) and reminders (words). The result numbers them and says what was added.',
  schema: addTasksSchema,
  run: (turn, { tasks }) => added(turn, tasks),
});
