import { limits } from '@taskchat/db';
import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import {
  lockProject,
  type Placed,
  placeTask,
  renumberProject,
  selectLastPosition,
  selectNeighbour,
  selectPlaced,
} from './task-positions.data.ts';
import { badField, keyAfter, keyBetween } from './task-rules.ts';
import { selectAncestry, selectDescendants } from './task-tree.data.ts';
import { selectTask, selectTaskRow, selectTimeZone, type TaskOutput } from './tasks.data.ts';
import type { moveTaskInput } from './tasks.schemas.ts';

type MoveInput = z.output<typeof moveTaskInput>;

/**
 * `tasks.move`: to another project, under another parent (or none), and/or to a place among the
 * target project's tasks (`before`/`after` a task there). The target project's row is locked, so
 * racing moves in one project take their keys one at a time and never share one; neighbours that
 * share a key (raw inserts' 'a0') get the project renumbered first. A task moves with its
 * subtasks; a subtask moved to another project without a `parentId` leaves its parent. NOT_FOUND
 * for a task, parent, anchor or project that is not the caller's; BAD_REQUEST (naming the field)
 * for a parent in another project, a cycle, or a chain deeper than limits.taskDepth.
 */
export async function moveTask(ctx: UserScope, input: MoveInput): Promise<TaskOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const { userId } = ctx;
    const zone = await selectTimeZone(tx, userId);
    const task = await selectTaskRow(tx, userId, input.id, { lock: true });
    const parent = input.parentId ? await selectTaskRow(tx, userId, input.parentId) : null;
    const projectId = input.projectId ?? parent?.project_id ?? task.project_id;
    await lockProject(tx, userId, projectId);
    const moving = projectId !== task.project_id;
    let parentId = input.parentId === undefined ? (moving ? null : task.parent_id) : input.parentId;
    const descendants = await selectDescendants(tx, userId, task.id);
    if (parent) {
      if (parent.project_id !== projectId) throw badField('parentId', 'The parent must be a task of the same project');
      const ancestry = await selectAncestry(tx, userId, parent.id);
      if (ancestry.includes(task.id)) throw badField('parentId', 'A task cannot go under itself or its subtasks');
      const height = 1 + Math.max(0, ...descendants.map((sub) => sub.depth));
      if (ancestry.length + height > limits.taskDepth) {
        throw badField('parentId', `Subtasks go at most ${limits.taskDepth} tasks deep`);
      }
      parentId = parent.id;
    }
    const position = await placeIn(tx, userId, projectId, task.id, input, moving ? null : task.position);
    await placeTask(tx, userId, task.id, {
      projectId,
      parentId,
      position,
      descendants: moving ? descendants.map((sub) => sub.id) : [],
    });
    return await selectTask(tx, userId, task.id, zone);
  });
}

/** The task's key in the target project: between its new neighbours, at the end, or the one it keeps. */
async function placeIn(
  tx: Parameters<typeof selectPlaced>[0],
  userId: string,
  projectId: string,
  taskId: string,
  input: MoveInput,
  kept: string | null,
): Promise<string> {
  if (input.before === taskId) throw badField('before', 'A task cannot go before itself');
  if (input.after === taskId) throw badField('after', 'A task cannot go after itself');
  if (input.before === undefined && input.after === undefined) {
    if (kept !== null) return kept;
    const last = keyAfter(await selectLastPosition(tx, userId, projectId));
    if (last !== null) return last;
    await renumberProject(tx, userId, projectId);
    return keyAfter(await selectLastPosition(tx, userId, projectId)) as string;
  }
  // The gap right after `after` (or right before `before`) as it is now, with the project locked:
  // racing moves into one gap each see the one placed before them and never share a key.
  const bounds = async (): Promise<[Placed | null, Placed | null]> => {
    const after = input.after === undefined ? null : await selectPlaced(tx, userId, projectId, input.after);
    const before = input.before === undefined ? null : await selectPlaced(tx, userId, projectId, input.before);
    if (
      after &&
      before &&
      (after.position > before.position || (after.position === before.position && after.id > before.id))
    ) {
      throw badField('after', 'after must come before before in the project');
    }
    if (after) return [after, await selectNeighbour(tx, userId, projectId, after, 'after', taskId)];
    return [await selectNeighbour(tx, userId, projectId, before as Placed, 'before', taskId), before];
  };
  let [low, high] = await bounds();
  const key = keyBetween(low?.position ?? null, high?.position ?? null);
  if (key !== null) return key;
  // Neighbours share a key (or hold one fractional-indexing cannot read): renumber, then place.
  await renumberProject(tx, userId, projectId);
  [low, high] = await bounds();
  return keyBetween(low?.position ?? null, high?.position ?? null) as string;
}
