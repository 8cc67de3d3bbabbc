import type { TaskAction } from '@taskchat/db';
import type { z } from 'zod';
import type { Database } from '../../database.ts';
import { completeTask } from '../../tasks/complete-task.ts';
import { reopenTask } from '../../tasks/reopen-task.ts';
import { selectDescendants } from '../../tasks/task-tree.data.ts';
import { lockUserForCreation, selectTaskRow, type TaskOutput, toTaskOutputs } from '../../tasks/tasks.data.ts';
import type { updateTaskInput } from '../../tasks/tasks.schemas.ts';
import { updateTask } from '../../tasks/update-task.ts';
import type { RecordedEffect } from '../task-effects.data.ts';
import { SNAPSHOT_FIELDS, type SnapshotField, sameField, snapshotOf, type TaskSnapshot } from '../task-snapshot.ts';
import { selectLatestCompletionId } from '../task-undo.data.ts';
import { dueWords, quoted, updateWords } from './change-words.ts';
import type { ToolScope } from './tool-scope.ts';

/**
 * One change to one task, made with the tasks domain's functions inside the caller's transaction
 * (`scope.ctx.db` is it), from the task as it was, locked: the task after it, the change in words,
 * and the effect to record (none when nothing changed).
 */
export interface Changed {
  task: TaskOutput;
  change: string;
  effect: RecordedEffect | null;
}

export function effectOf(
  action: TaskAction,
  task: { id: string; title: string },
  change: string,
  before: TaskSnapshot | null,
): RecordedEffect {
  return { taskId: task.id, action, taskTitle: task.title, change, undoneAt: null, undoes: null, before };
}

/** One of the user's tasks, locked until the transaction ends, as the API shows it; NOT_FOUND when not theirs. */
export async function lockedTask(tx: Database, userId: string, id: string, zone: string): Promise<TaskOutput> {
  const row = await selectTaskRow(tx, userId, id, { lock: true });
  const [task] = await toTaskOutputs(tx, userId, [row], zone);
  return task as TaskOutput;
}

/** The fields an update changed, in the order a change names them. */
function changedFields(before: TaskOutput, after: TaskOutput): SnapshotField[] {
  const [was, is] = [snapshotOf(before), snapshotOf(after)];
  return SNAPSHOT_FIELDS.filter((field) => !sameField(field, was, is));
}

/**
 * Completes a task: one-off, it is done (with its open one-off subtasks, which an undo opens
 * again); recurring, it records the occurrence and moves to the next ("next: Fri 1 Jan"), which an
 * undo takes back. A task already done changes nothing.
 */
export async function completeOne(scope: ToolScope, id: string): Promise<Changed> {
  const { db, userId } = scope.ctx;
  const before = await lockedTask(db, userId, id, scope.zone);
  if (before.completed) return { task: before, change: `${quoted(before.title)} was already done`, effect: null };
  const open = (await selectDescendants(db, userId, id)).filter((sub) => !sub.completed && sub.recurrence === null);
  const task = await completeTask(scope.ctx, { id });
  const recorded = before.recurrence !== null && before.due !== null;
  const snapshot = snapshotOf(before, {
    completionId: recorded ? await selectLatestCompletionId(db, userId, id) : null,
    subtasks: task.completed ? open.map((sub) => sub.id) : [],
  });
  const change = task.completed
    ? `Completed ${quoted(task.title)}`
    : `Completed ${quoted(task.title)} (next: ${dueWords(task.due, scope.today)})`;
  return { task, change, effect: effectOf('complete', task, change, snapshot) };
}

export type FieldChanges = Omit<z.output<typeof updateTaskInput>, 'id'>;

/**
 * Locks a task for an update: the user's row first when labels may be added (tasks.update takes
 * them in that order, so the two never wait on each other), then the task's.
 */
export async function lockForUpdate(scope: ToolScope, id: string, options: { labels: boolean }): Promise<TaskOutput> {
  const { db, userId } = scope.ctx;
  if (options.labels) await lockUserForCreation(db, userId);
  return await lockedTask(db, userId, id, scope.zone);
}

/**
 * Changes the fields of a task locked with `lockForUpdate` (`tasks.update`'s rules: a new due
 * keeps the rule, labels and reminders replace the set); only the fields that really changed are
 * recorded, and put back by an undo.
 */
export async function updateOne(scope: ToolScope, before: TaskOutput, changes: FieldChanges): Promise<Changed> {
  const task = await updateTask(scope.ctx, { id: before.id, ...changes });
  const fields = changedFields(before, task);
  if (fields.length === 0) return { task, change: `Nothing to change on ${quoted(task.title)}`, effect: null };
  const change = updateWords(before, task, fields, scope.today);
  const snapshot = snapshotOf(before, { fields, after: snapshotOf(task) });
  return { task, change, effect: effectOf('update', task, change, snapshot) };
}

/** Opens a done task again; one that is open changes nothing. */
export async function reopenOne(scope: ToolScope, id: string): Promise<Changed> {
  const before = await lockedTask(scope.ctx.db, scope.ctx.userId, id, scope.zone);
  if (!before.completed) return { task: before, change: `${quoted(before.title)} was not done`, effect: null };
  const task = await reopenTask(scope.ctx, { id });
  const change = `Reopened ${quoted(task.title)}`;
  const snapshot = snapshotOf(before, { fields: ['completed'], after: snapshotOf(task) });
  return { task, change, effect: effectOf('reopen', task, change, snapshot) };
}
