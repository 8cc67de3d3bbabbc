import { DEFAULT_PRIORITY, limits } from '@taskchat/db';
import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { storedDue } from './local-time.ts';
import { ensureLabels, replaceTaskLabels } from './task-labels.data.ts';
import { lockProject, renumberProject, selectInboxId, selectLastPosition } from './task-positions.data.ts';
import { replaceReminders } from './task-reminders.data.ts';
import { badField, checkRecurrence, checkReminders, keyAfter } from './task-rules.ts';
import { selectAncestry } from './task-tree.data.ts';
import {
  assertTaskRoom,
  insertTaskRow,
  lockUserForCreation,
  selectTask,
  selectTaskRow,
  type TaskOutput,
} from './tasks.data.ts';
import type { createTaskInput } from './tasks.schemas.ts';

/**
 * `tasks.create`: a new open task of the caller's, appended at the end of its project (the
 * Inbox, or the parent's project for a subtask), with its labels (created when missing) and
 * reminders, in one transaction. The user's row is locked first, so racing creations meet the
 * TASKS_PER_USER and LABELS_PER_USER caps one at a time.
 */
export async function createTask(ctx: TaskScope, input: z.output<typeof createTaskInput>): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const { userId } = ctx;
    const now = new Date();
    const zone = await lockUserForCreation(tx, userId);
    await assertTaskRoom(tx, userId, ctx.tasks.tasksPerUser);
    let projectId = input.projectId;
    if (input.parentId !== undefined) {
      const parent = await selectTaskRow(tx, userId, input.parentId);
      if (projectId !== undefined && projectId !== parent.project_id) {
        throw badField('parentId', 'The parent must be a task of the same project');
      }
      projectId = parent.project_id;
      if ((await selectAncestry(tx, userId, parent.id)).length + 1 > limits.taskDepth) {
        throw badField('parentId', `Subtasks go at most ${limits.taskDepth} tasks deep`);
      }
    }
    projectId ??= await selectInboxId(tx, userId);
    await lockProject(tx, userId, projectId);
    let position = keyAfter(await selectLastPosition(tx, userId, projectId));
    if (position === null) {
      await renumberProject(tx, userId, projectId);
      position = keyAfter(await selectLastPosition(tx, userId, projectId)) as string;
    }
    const due = storedDue(zone, input.due ?? null);
    const recurrence = input.recurrence ?? null;
    checkRecurrence(recurrence, due.due_date, 'recurrence');
    const reminders = checkReminders(input.reminders ?? [], now);
    const row = await insertTaskRow(tx, userId, {
      title: input.title,
      description: input.description ?? null,
      projectId,
      parentId: input.parentId ?? null,
      position,
      dueDate: due.due_date,
      dueAt: due.due_at,
      deadline: input.deadline ?? null,
      priority: input.priority ?? DEFAULT_PRIORITY,
      recurrence,
    });
    if (input.labels?.length) {
      const labelIds = await ensureLabels(tx, userId, input.labels, ctx.tasks.labelsPerUser);
      await replaceTaskLabels(tx, userId, row.id, labelIds);
    }
    if (reminders.length > 0) {
      await replaceReminders(tx, userId, { id: row.id, dueDate: due.due_date, dueAt: due.due_at }, zone, reminders);
    }
    return await selectTask(tx, userId, row.id, zone);
  });
}
