import { Task } from '@taskchat/db';
import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { toDate } from '../sql-rows.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toTaskOutput } from './task-output.ts';
import { listTasks, updateTask } from './tasks.queries.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';

export const tasksRouter = router({
  /** Newest first; `status` filters open or done tasks (a cursor belongs to one status). */
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const scope = `tasks:${input.status}`;
    const completed = input.status === 'all' ? undefined : input.status === 'done';
    const page = await keysetPage((limit, after) => listTasks(ctx.db, ctx.auth.user.id, completed, limit, after), {
      scope,
      sortKey: (row) => toDate(row.createdAt),
      after: positionIn(scope, input.cursor),
      limit: input.limit,
    });
    return { items: page.items.map(toTaskOutput), nextCursor: page.nextCursor };
  }),

  create: protectedProcedure.input(createTaskInput).mutation(async ({ ctx, input }) => {
    const em = ctx.em();
    const task = em.create(Task, {
      user: ctx.auth.user.id,
      title: input.title,
      description: input.description ?? null,
    });
    await em.flush();
    return toTaskOutput(task);
  }),

  update: protectedProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const task = await updateTask(ctx.db, ctx.auth.user.id, id, changes);
    if (!task) throw notFound('Task');
    return toTaskOutput(task);
  }),

  delete: protectedProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.em().nativeDelete(Task, { id: input.id, user: ctx.auth.user.id });
    if (deleted === 0) throw notFound('Task');
    return { id: input.id };
  }),
});
