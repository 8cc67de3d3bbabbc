import type { z } from 'zod';
import { inTransaction } from '../../database.ts';
import { moveTask } from '../../tasks/move-task.ts';
import { selectTaskRow, type TaskOutput } from '../../tasks/tasks.data.ts';
import { snapshotOf } from '../task-snapshot.ts';
import { quoted } from './change-words.ts';
import { type ChangedTask, listedTask } from './listed-task.ts';
import { type Changed, effectOf, lockedTask } from './task-changes.ts';
import { taskTool } from './task-tool.ts';
import { moveTaskSchema } from './tool-inputs.ts';
import { inTx, projectName, projectNamed, scopeOf, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

/** Where a task went, in words: its new project, its new parent, or out of its old one. */
export async function placeWords(scope: ToolScope, before: TaskOutput, after: TaskOutput): Promise<string[]> {
  const { db, userId } = scope.ctx;
  const title = async (id: string) => quoted((await selectTaskRow(db, userId, id)).title);
  const words: string[] = [];
  if (after.projectId !== before.projectId) words.push(`to ${projectName(scope, after.projectId)}`);
  if (after.parentId && after.parentId !== before.parentId) words.push(`under ${await title(after.parentId)}`);
  if (!after.parentId && before.parentId) words.push('to the top level');
  return words;
}

async function moved(turn: ToolTurn, input: z.output<typeof moveTaskSchema>): Promise<ChangedTask> {
  const scope = scopeOf(turn.ctx, turn.facts);
  const projectId = input.project === undefined ? undefined : projectNamed(scope, input.project, { forTasks: true }).id;
  const step = await inTransaction(turn.ctx.db, async (tx): Promise<Changed> => {
    const inside = inTx(scope, tx);
    const before = await lockedTask(tx, turn.ctx.userId, input.taskId, scope.zone);
    const task = await moveTask(inside.ctx, { id: input.taskId, projectId, parentId: input.parentTaskId });
    const where = await placeWords(inside, before, task);
    if (where.length === 0) return { task, change: `${quoted(task.title)} is already there`, effect: null };
    const change = `Moved ${quoted(task.title)} ${where.join(', ')}`;
    return { task, change, effect: effectOf('move', task, change, snapshotOf(before)) };
  });
  if (step.effect) turn.record(step.effect);
  return { ...listedTask(scope, step.task, 1), change: step.change };
}

export const moveTaskTool = taskTool({
  description:
    'Move a task to another project (by name), under another task (parentTaskId), or out of its parent (parentTaskId null). Its subtasks move with it.',
  schema: moveTaskSchema,
  run: moved,
});
