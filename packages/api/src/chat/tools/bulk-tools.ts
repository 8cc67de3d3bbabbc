import { inTransaction } from '../../database.ts';
import { DomainError } from '../../errors.ts';
import { deleteTask } from '../../tasks/delete-task.ts';
import type { TaskOutput } from '../../tasks/tasks.data.ts';
import { snapshotOf } from '../task-snapshot.ts';
import { quoted } from './change-words.ts';
import { type ChangedTask, listedTask } from './listed-task.ts';
import { type Changed, completeOne, effectOf, lockedTask, lockForUpdate, updateOne } from './task-changes.ts';
import { readDue } from './task-phrases.ts';
import { taskTool } from './task-tool.ts';
import { rescheduleTasksSchema, taskIdsSchema } from './tool-inputs.ts';
import { inTx, scopeOf, type ToolScope } from './tool-scope.ts';
import type { ToolTurn } from './tool-turn.ts';

const isNotFound = (error: unknown) => error instanceof DomainError && error.code === 'NOT_FOUND';

/** The value, or null for a NOT_FOUND (an id that is not one of the user's tasks: missing, another's, in the trash). */
async function unlessNotFound<T>(work: Promise<T>): Promise<T | null> {
  return await work.catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
}

/**
 * Runs a bulk change in one transaction: any failure but a missing task fails the call and
 * changes nothing. The effects are recorded once it committed; the result numbers the tasks.
 */
async function inOneTransaction(
  turn: ToolTurn,
  run: (scope: ToolScope, missing: string[]) => Promise<Changed[]>,
): Promise<{ tasks: ChangedTask[]; missing: string[] }> {
  const scope = scopeOf(turn.ctx, turn.facts);
  const missing: string[] = [];
  const changed = await inTransaction(turn.ctx.db, (tx) => run(inTx(scope, tx), missing));
  for (const { effect } of changed) if (effect) turn.record(effect);
  return {
    tasks: changed.map(({ task, change }, index) => ({ ...listedTask(scope, task, index + 1), change })),
    missing,
  };
}

/** The same change to each task, in turn; ids that are not the user's tasks are answered in `missing`. */
function eachTask(turn: ToolTurn, ids: string[], change: (scope: ToolScope, id: string) => Promise<Changed>) {
  return inOneTransaction(turn, async (scope, missing) => {
    const done: Changed[] = [];
    for (const id of new Set(ids)) {
      const result = await unlessNotFound(change(scope, id));
      if (result) done.push(result);
      else missing.push(id);
    }
    return done;
  });
}

/** Names the task in a failure that is about it ("“pay rent”: due: A recurring task needs a due date"). */
function about(task: TaskOutput) {
  return (error: unknown): never => {
    if (error instanceof DomainError && error.code === 'BAD_REQUEST') {
      throw new DomainError('BAD_REQUEST', `${quoted(task.title)}: ${error.message}`);
    }
    throw error;
  };
}

export const completeTasksTool = taskTool({
  description:
    'Mark 1 to 100 tasks done. A repeating task moves to its next occurrence (the result says when). Ids not found are listed in `missing`.',
  schema: taskIdsSchema,
  run: (turn, { taskIds }) => eachTask(turn, taskIds, (scope, id) => completeOne(scope, id)),
});

/**
 * Trashes the tasks with their subtasks: all of them are found (and locked) first, so a subtask
 * asked for with its parent is answered as deleted with it (restoring the parent brings it back).
 */
export const deleteTasksTool = taskTool({
  description:
    'Delete 1 to 100 tasks (with their subtasks) to the trash; an undo brings them back. Ids not found are listed in `missing`.',
  schema: taskIdsSchema,
  run: (turn, { taskIds }) =>
    inOneTransaction(turn, async (scope, missing) => {
      const { db, userId } = scope.ctx;
      const found: TaskOutput[] = [];
      for (const id of new Set(taskIds)) {
        const task = await unlessNotFound(lockedTask(db, userId, id, scope.zone));
        if (task) found.push(task);
        else missing.push(id);
      }
      const done: Changed[] = [];
      for (const before of found) {
        const trashed = await unlessNotFound(deleteTask(scope.ctx, { id: before.id }));
        const change = trashed ? `Deleted ${quoted(before.title)}` : `Deleted ${quoted(before.title)} with its parent`;
        done.push({
          task: before,
          change,
          effect: trashed && effectOf('delete', before, change, snapshotOf(before)),
        });
      }
      return done;
    }),
});

export const rescheduleTasksTool = taskTool({
  description:
    'Give 1 to 100 tasks a new due (words or ISO, read once for all of them), or clear it with null. A repeating task keeps its rule and needs a due. Ids not found are listed in `missing`.',
  schema: rescheduleTasksSchema,
  run: async (turn, { taskIds, due }) => {
    const scope = scopeOf(turn.ctx, turn.facts);
    const read = due === null ? null : readDue('due', due, scope);
    return await eachTask(turn, taskIds, async (inside, id) => {
      const before = await lockForUpdate(inside, id, { labels: false });
      return await updateOne(inside, before, { due: read }).catch(about(before));
    });
  },
});
