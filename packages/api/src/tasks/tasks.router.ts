import { protectedProcedure, router } from '../trpc.ts';
import { completeTask } from './complete-task.ts';
import { createTask } from './create-task.ts';
import { deleteTask } from './delete-task.ts';
import { listTasks } from './list-tasks.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';
import { updateTask } from './update-task.ts';
import { watchTasks } from './watch-tasks.ts';

export const tasksRouter = router({
  list: protectedProcedure.input(listTasksInput).query(({ ctx, input }) => listTasks(ctx, input)),
  create: protectedProcedure.input(createTaskInput).mutation(({ ctx, input }) => createTask(ctx, input)),
  update: protectedProcedure.input(updateTaskInput).mutation(({ ctx, input }) => updateTask(ctx, input)),
  complete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => completeTask(ctx, input)),
  delete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => deleteTask(ctx, input)),
  /** Live, over Server-Sent Events: the caller's tasks and delivered reminders as they change (`TaskChange`). */
  onChange: protectedProcedure.subscription(({ ctx, signal }) => watchTasks({ ...ctx, signal })),
});
