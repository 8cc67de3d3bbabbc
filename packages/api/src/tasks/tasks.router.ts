import { Task } from '@taskchat/db';
import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { toDate } from '../sql-rows.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toTaskOutput } from './task-output.ts';
import { listTasks } from './tasks.queries.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';

const SCOPE = 'tasks';

export const tasksRouter = router({
  /** Newest first; `status` filters open or done tasks. */
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const completed = input.status === 'all' ? undefined : input.status === 'done';
    const page = await keysetPage((limit, after) => listTasks(ctx.db, ctx.auth.user.id, completed, limit, after), {
      scope: SCOPE,
      sortKey: (row) => toDate(row.createdAt),
      after: positionIn(SCOPE, input.cursor),
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
    const em = ctx.em();
    const task = await em.findOne(Task, { id, user: ctx.auth.user.id });
    if (!task) throw notFound('Task');
    em.assign(task, changes);
    await em.flush();
    return toTaskOutput(task);
  }),

  delete: protectedProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.em().nativeDelete(Task, { id: input.id, user: ctx.auth.user.id });
    if (deleted === 0) throw notFound('Task');
    return { id: input.id };
  }),
});
