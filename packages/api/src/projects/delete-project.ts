import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { deleteProjectRow, findProjectForUpdate, selectInboxId, trashTasksOfProject } from './projects.data.ts';
import type { projectIdInput } from './projects.schemas.ts';

/**
 * `projects.delete`: deletes a project; its tasks go to the trash, moved into the Inbox, so
 * `tasks.restore` brings them back there (with the subtasks trashed with them). BAD_REQUEST for
 * the Inbox; NOT_FOUND when not the caller's.
 */
export async function deleteProject(ctx: UserScope, input: z.output<typeof projectIdInput>): Promise<{ id: string }> {
  const { userId } = ctx;
  return await inTransaction(ctx.db, async (tx) => {
    const project = await findProjectForUpdate(tx, userId, input.id);
    if (!project) throw notFound('Project');
    if (project.inbox) throw new DomainError('BAD_REQUEST', 'id: the Inbox cannot be deleted');
    await trashTasksOfProject(tx, userId, project.id, await selectInboxId(tx, userId));
    await deleteProjectRow(tx, userId, project.id);
    return { id: project.id };
  });
}
