import { protectedProcedure, router } from '../trpc.ts';
import { completeTask, createTask, deleteTask, listTasks, updateTask } from './tasks.data.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';

export const tasksRouter = router({
  list: protectedProcedure.input(listTasksInput).query(({ ctx, input }) => listTasks(ctx.db, ctx.auth.user.id, input)),
  create: protectedProcedure
    .input(createTaskInput)
    .mutation(({ ctx, input }) => createTask(ctx.db, ctx.auth.user.id, input)),
  update: protectedProcedure
    .input(updateTaskInput)
    .mutation(({ ctx, input }) => updateTask(ctx.db, ctx.auth.user.id, input)),
  complete: protectedProcedure
    .input(taskIdInput)
    .mutation(({ ctx, input }) => completeTask(ctx.db, ctx.auth.user.id, input.id)),
  delete: protectedProcedure
    .input(taskIdInput)
    .mutation(({ ctx, input }) => deleteTask(ctx.db, ctx.auth.user.id, input.id)),
});
