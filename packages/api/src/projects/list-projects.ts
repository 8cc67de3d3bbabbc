import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ProjectOutput, selectProjects } from './projects.data.ts';
import type { listProjectsInput } from './projects.schemas.ts';

/** `projects.list`: the Inbox first, then the caller's projects in their order, each with its open task count. */
export async function listProjects(
  ctx: UserScope,
  input: z.output<typeof listProjectsInput>,
): Promise<ProjectOutput[]> {
  return await selectProjects(ctx.db, ctx.userId, input.archived);
}
