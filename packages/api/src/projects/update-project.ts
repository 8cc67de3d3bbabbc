import type { z } from 'zod';
import { lockUserRow } from '../auth/users.data.ts';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { positionAt } from './project-order.ts';
import {
  findProjectForUpdate,
  findProjectInbox,
  type ProjectOutput,
  selectProject,
  selectProjectOrder,
  updateProjectFields,
} from './projects.data.ts';
import type { updateProjectInput } from './projects.schemas.ts';

type UpdateInput = z.output<typeof updateProjectInput>;

/**
 * Where the moved project goes among the others (`order`, without it): right before `before`,
 * right after `after`, or between the two when both are given (then they must be neighbours in
 * that order). After the Inbox is the top of the list; nothing goes before the Inbox.
 */
function targetIndex(order: { id: string }[], inboxId: string | null, input: UpdateInput): number {
  const indexOf = (id: string) => {
    if (id === inboxId) return -1;
    const index = order.findIndex((project) => project.id === id);
    if (index < 0) throw notFound('Project');
    return index;
  };
  if (input.before !== undefined && input.before === inboxId) {
    throw new DomainError('BAD_REQUEST', 'before: the Inbox is always first');
  }
  const beforeIndex = input.before === undefined ? undefined : indexOf(input.before);
  const afterIndex = input.after === undefined ? undefined : indexOf(input.after) + 1;
  if (beforeIndex !== undefined && afterIndex !== undefined && beforeIndex !== afterIndex) {
    throw new DomainError('BAD_REQUEST', 'before, after: these projects are not neighbours');
  }
  return (beforeIndex ?? afterIndex) as number;
}

/**
 * `projects.update`: renames, recolours or moves a project (before/after another). Moves are
 * serialised by the lock on the user's row, so racing moves get distinct keys. The Inbox keeps its
 * name and its place (BAD_REQUEST); CONFLICT on a taken name; NOT_FOUND when not the caller's.
 */
export async function updateProject(ctx: UserScope, input: UpdateInput): Promise<ProjectOutput> {
  const { userId } = ctx;
  return await inTransaction(ctx.db, async (tx) => {
    const moves = input.before !== undefined || input.after !== undefined;
    if (moves) await lockUserRow(tx, userId);
    const project = await findProjectForUpdate(tx, userId, input.id);
    if (!project) throw notFound('Project');
    if (project.inbox && input.name !== undefined && input.name !== project.name) {
      throw new DomainError('BAD_REQUEST', 'name: the Inbox cannot be renamed');
    }
    if (project.inbox && moves) throw new DomainError('BAD_REQUEST', 'before: the Inbox is always first');
    let position: string | undefined;
    if (moves) {
      const inbox = await findInbox(tx, userId, input);
      const order = (await selectProjectOrder(tx, userId)).filter((other) => other.id !== project.id);
      position = await positionAt(tx, userId, order, targetIndex(order, inbox, input));
    }
    await updateProjectFields(tx, userId, project.id, { name: input.name, color: input.color, position });
    return await selectProject(tx, userId, project.id);
  });
}

/** The id of the Inbox when before/after names it (so it is told from a missing project), else null. */
async function findInbox(tx: UserScope['db'], userId: string, input: UpdateInput): Promise<string | null> {
  for (const id of [input.before, input.after]) {
    if (id === undefined) continue;
    if (await findProjectInbox(tx, userId, id)) return id;
  }
  return null;
}
