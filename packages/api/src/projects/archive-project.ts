import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { findProjectForUpdate, type ProjectOutput, selectProject, updateProjectFields } from './projects.data.ts';
import type { archiveProjectInput } from './projects.schemas.ts';

/**
 * `projects.archive`: archives a project (`archived: true`; listed apart, its tasks out of every
 * view but its own) or brings it back. BAD_REQUEST for the Inbox; NOT_FOUND when not the caller's.
 */
export async function archiveProject(
  ctx: UserScope,
  input: z.output<typeof archiveProjectInput>,
): Promise<ProjectOutput> {
  return await inTransaction(ctx.db, async (tx) => {
    const project = await findProjectForUpdate(tx, ctx.userId, input.id);
    if (!project) throw notFound('Project');
    if (project.inbox) throw new DomainError('BAD_REQUEST', 'id: the Inbox cannot be archived');
    await updateProjectFields(tx, ctx.userId, project.id, { archived: input.archived });
    return await selectProject(tx, ctx.userId, project.id);
  });
}
