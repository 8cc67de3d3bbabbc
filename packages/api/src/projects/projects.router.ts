import { protectedProcedure, router } from '../trpc.ts';
import { archiveProject } from './archive-project.ts';
import { createProject } from './create-project.ts';
import { deleteProject } from './delete-project.ts';
import { listProjects } from './list-projects.ts';
import {
  archiveProjectInput,
  createProjectInput,
  listProjectsInput,
  projectIdInput,
  updateProjectInput,
} from './projects.schemas.ts';
import { updateProject } from './update-project.ts';

export const projectsRouter = router({
  list: protectedProcedure.input(listProjectsInput).query(({ ctx, input }) => listProjects(ctx, input)),
  create: protectedProcedure.input(createProjectInput).mutation(({ ctx, input }) => createProject(ctx, input)),
  /** Name, colour, and place (before/after another project). */
  update: protectedProcedure.input(updateProjectInput).mutation(({ ctx, input }) => updateProject(ctx, input)),
  archive: protectedProcedure.input(archiveProjectInput).mutation(({ ctx, input }) => archiveProject(ctx, input)),
  /** Its tasks go to the trash, into the Inbox. */
  delete: protectedProcedure.input(projectIdInput).mutation(({ ctx, input }) => deleteProject(ctx, input)),
});
