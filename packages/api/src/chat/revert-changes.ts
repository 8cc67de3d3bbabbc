import type { TaskScope } from '../context.ts';
import { inSavepoint, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { deleteTask } from '../tasks/delete-task.ts';
import { moveTask } from '../tasks/move-task.ts';
import { restoreTask } from '../tasks/restore-task.ts';
import { ensureLabels, replaceTaskLabels } from '../tasks/task-labels.data.ts';
import { placeTask } from '../tasks/task-positions.data.ts';
import { findTask, lockUserForCreation, selectTask, type TaskChange, updateTaskRow } from '../tasks/tasks.data.ts';
import {
  lockMessageChanges,
  markEffectsUndone,
  type RecordedEffect,
  type UndoableEffect,
} from './task-effects.data.ts';
import { sameField, snapshotOf, type TaskSnapshot, taskSnapshotSchema } from './task-snapshot.ts';
import {
  deleteCompletion,
  hasLaterCompletion,
  reopenTasks,
  restoreReminders,
  selectChildIds,
} from './task-undo.data.ts';
import { dueWords, quoted, updateWords } from './tools/change-words.ts';
import { placeWords } from './tools/move-tool.ts';
import { effectOf, lockedTask } from './tools/task-changes.ts';
import { loadToolScope, type ToolScope } from './tools/tool-scope.ts';

/**
 * Undo: reverting one assistant message's task changes, exactly once. The message's changes are
 * locked, reverted newest first and marked `undone_at` in one transaction, so two undos of one
 * message at once revert it once (the second finds it undone). Each revert uses the tasks
 * domain's functions: an add goes to the trash, a delete comes back from it, a completion is
 * opened again (a recurring one loses the occurrence it recorded and gets its due back), an
 * update puts back the fields it changed, a move goes back to its project, parent and place. A
 * change that can no longer be reverted (its task purged since, its project deleted) is skipped;
 * the others still are.
 */

type RevertOutcome =
  | { kind: 'nothing' }
  | { kind: 'already-undone' }
  | { kind: 'reverted'; reversals: RecordedEffect[]; kept: string[] };

const dateOf = (value: string | null) => (value === null ? null : new Date(value));

/** The change's snapshot; a change recorded without a readable one cannot be reverted (skipped). */
function snapshot(change: UndoableEffect): TaskSnapshot {
  const parsed = taskSnapshotSchema.safeParse(change.before);
  if (!parsed.success) throw new DomainError('CONFLICT', 'This change cannot be undone');
  return parsed.data;
}

async function revertCompletion(scope: ToolScope, id: string, before: TaskSnapshot): Promise<RecordedEffect> {
  const { db, userId } = scope.ctx;
  await lockedTask(db, userId, id, scope.zone);
  const recurring = before.completionId !== undefined && before.completionId !== null;
  // Completed again since: taking this occurrence back would leave the later one recorded.
  if (before.completionId && (await hasLaterCompletion(db, userId, id, before.completionId))) {
    throw new DomainError('CONFLICT', 'it was completed again since');
  }
  if (before.completionId) await deleteCompletion(db, userId, id, before.completionId);
  const change: TaskChange = { completed: before.completed, completedAt: dateOf(before.completedAt) };
  if (recurring) Object.assign(change, { dueDate: before.dueDate, dueAt: dateOf(before.dueAt) });
  await updateTaskRow(db, userId, id, change);
  if (recurring) await restoreReminders(db, userId, id, before.reminders);
  await reopenTasks(db, userId, before.subtasks ?? []);
  const task = await selectTask(db, userId, id, scope.zone);
  const words = recurring
    ? `Reopened ${quoted(task.title)} (due ${dueWords(task.due, scope.today)} again)`
    : `Reopened ${quoted(task.title)}`;
  return effectOf('reopen', task, words, null);
}

async function revertFields(scope: ToolScope, id: string, before: TaskSnapshot): Promise<RecordedEffect> {
  const { db, userId } = scope.ctx;
  const current = await lockedTask(db, userId, id, scope.zone);
  // A field changed again since (by the user, say) keeps its newer value.
  const now = snapshotOf(current);
  const changed = before.fields ?? [];
  const fields = changed.filter((field) => !before.after || sameField(field, before.after, now));
  if (fields.length === 0) throw new DomainError('CONFLICT', 'it was changed again since');
  const labels = fields.includes('labels') ? before.labels : null;
  const labelIds = labels && (await ensureLabels(db, userId, labels, scope.ctx.tasks.labelsPerUser));
  const change: TaskChange = {};
  if (fields.includes('title')) change.title = before.title;
  if (fields.includes('description')) change.description = before.description;
  if (fields.includes('due')) Object.assign(change, { dueDate: before.dueDate, dueAt: dateOf(before.dueAt) });
  if (fields.includes('deadline')) change.deadline = before.deadline;
  if (fields.includes('priority')) change.priority = before.priority;
  if (fields.includes('recurrence')) change.recurrence = before.recurrence;
  if (fields.includes('completed')) {
    Object.assign(change, { completed: before.completed, completedAt: dateOf(before.completedAt) });
  }
  await updateTaskRow(db, userId, id, change);
  if (labelIds) await replaceTaskLabels(db, userId, id, labelIds);
  // A due put back takes its reminders' firing times (and deliveries) back with it.
  if (fields.includes('due') || fields.includes('reminders')) await restoreReminders(db, userId, id, before.reminders);
  const task = await selectTask(db, userId, id, scope.zone);
  if (fields.length === 1 && fields[0] === 'completed') {
    return effectOf(task.completed ? 'complete' : 'reopen', task, `Marked ${quoted(task.title)} done again`, null);
  }
  const kept = changed.filter((field) => !fields.includes(field));
  const words = updateWords(current, task, fields, scope.today, { back: true });
  return effectOf('update', task, kept.length ? `${words} (kept its ${kept.join(', ')}: changed since)` : words, null);
}

async function revertMove(scope: ToolScope, id: string, before: TaskSnapshot): Promise<RecordedEffect> {
  const { db, userId } = scope.ctx;
  const current = await lockedTask(db, userId, id, scope.zone);
  // A parent since deleted: back to the project's top level.
  const parentId = before.parentId && (await findTask(db, userId, before.parentId)) ? before.parentId : null;
  await moveTask(scope.ctx, { id, projectId: before.projectId, parentId });
  // Back to its place in the project, not the end of it.
  await placeTask(db, userId, id, {
    projectId: before.projectId,
    parentId,
    position: before.position,
    descendants: [],
  });
  const task = await selectTask(db, userId, id, scope.zone);
  const where = await placeWords(scope, current, task);
  return effectOf('move', task, `Moved ${quoted(task.title)} back${where.length ? ` ${where.join(', ')}` : ''}`, null);
}

async function revert(scope: ToolScope, change: UndoableEffect, added: Set<string>): Promise<RecordedEffect> {
  const id = change.taskId;
  switch (change.action) {
    case 'add':
    case 'restore': {
      // Subtasks put under it since stay, at the top level: only what the turn added leaves.
      for (const child of await selectChildIds(scope.ctx.db, scope.ctx.userId, id)) {
        if (!added.has(child)) await moveTask(scope.ctx, { id: child, parentId: null });
      }
      const task = await deleteTask(scope.ctx, { id });
      return effectOf('delete', task, `Removed ${quoted(task.title)}`, null);
    }
    case 'delete': {
      const task = await restoreTask(scope.ctx, { id });
      return effectOf('restore', task, `Restored ${quoted(task.title)}`, null);
    }
    case 'complete':
      return await revertCompletion(scope, id, snapshot(change));
    case 'update':
    case 'reopen':
      return await revertFields(scope, id, snapshot(change));
    case 'move':
      return await revertMove(scope, id, snapshot(change));
  }
}

/**
 * Reverts the message's changes not undone yet (not an undo's own reversals), newest first, and
 * marks them undone, in one transaction under their lock. `nothing` when the message (the user's,
 * or not) made no changes; `already-undone` when an undo got there first. The reversals come back
 * with `undoes` = the message.
 */
export async function revertMessageChanges(ctx: TaskScope, messageId: string): Promise<RevertOutcome> {
  return await inTransaction(ctx.db, async (tx) => {
    const changes = await lockMessageChanges(tx, ctx.userId, messageId);
    if (changes.length === 0) return { kind: 'nothing' };
    const pending = changes.filter((change) => change.undoneAt === null);
    if (pending.length === 0) return { kind: 'already-undone' };
    // The user's row before any task's, the order tasks.update takes them in (no deadlock with it).
    await lockUserForCreation(tx, ctx.userId);
    const scope = await loadToolScope({ ...ctx, db: tx });
    const added = new Set(pending.filter((change) => change.action === 'add').map((change) => change.taskId));
    const reversals: RecordedEffect[] = [];
    const kept: string[] = [];
    for (const change of [...pending].reverse()) {
      try {
        // A change that cannot be reverted is rolled back alone; the others go on.
        const reversal = await inSavepoint(tx, () => revert(scope, change, added));
        reversals.push({ ...reversal, undoes: messageId });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        kept.push(`${quoted(change.taskTitle)} not undone: ${error.message}`);
      }
    }
    await markEffectsUndone(
      tx,
      ctx.userId,
      pending.map((change) => change.id),
      new Date(),
    );
    return { kind: 'reverted', reversals, kept };
  });
}
