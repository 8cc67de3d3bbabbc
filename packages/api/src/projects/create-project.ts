import type { z } from 'zod';
import { lockUserRow } from '../auth/users.data.ts';
import type { SignedInContext } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { positionAt } from './project-order.ts';
import {
  countProjects,
  insertProject,
  type ProjectOutput,
  selectProject,
  selectProjectOrder,
} from './projects.data.ts';
import type { createProjectInput } from './projects.schemas.ts';

/**
 * `projects.create`: a new project at the end of the caller's list. Counted under the lock on the
 * user's row, so racing creates cannot pass PROJECTS_PER_USER (then BAD_REQUEST); CONFLICT when
 * the name is taken in any letter case ("Inbox" included).
 */
export async function createProject(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'projects'>,
  input: z.output<typeof createProjectInput>,
): Promise<ProjectOutput> {
  const { userId } = ctx;
  return await inTransaction(ctx.db, async (tx) => {
    await lockUserRow(tx, userId);
    if ((await countProjects(tx, userId)) >= ctx.projects.perUser) {
      throw new DomainError('BAD_REQUEST', `You can have at most ${ctx.projects.perUser} projects`);
    }
    const order = await selectProjectOrder(tx, userId);
    const position = await positionAt(tx, userId, order, order.length);
    const id = await insertProject(tx, userId, { name: input.name, color: input.color, position });
    return await selectProject(tx, userId, id);
  });
}
