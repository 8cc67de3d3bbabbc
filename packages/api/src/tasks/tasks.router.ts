import { Task } from '@taskchat/db';
import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toTaskOutput } from './task-output.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';

const SCOPE = 'tasks';

export const tasksRouter = router({
  /** Newest first; `status` filters open or done tasks. */
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const query = ctx.em
      .createQueryBuilder(Task, 't')
      .where({ user: ctx.auth.user.id })
      .orderBy({ createdAt: 'desc', id: 'desc' });
    if (input.status !== 'all') query.andWhere({ completed: input.status === 'done' });
    const page = await keysetPage(query, {
      scope: SCOPE,
      sortColumn: 't.created_at',
      sortKey: (task) => task.createdAt,
      after: positionIn(SCOPE, input.cursor),
      limit: input.limit,
    });
    return { items: page.items.map(toTaskOutput), nextCursor: page.nextCursor };
  }),

  create: protectedProcedure.input(createTaskInput).mutation(async ({ ctx, input }) => {
    const task = ctx.em.create(Task, {
      user: ctx.auth.user.id,
      title: input.title,
      description: input.description ?? null,
    });
    await ctx.em.flush();
    return toTaskOutput(task);
  }),

  update: protectedProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const task = await ctx.em.findOne(Task, { id, user: ctx.auth.user.id });
    if (!task) throw notFound('Task');
    ctx.em.assign(task, changes);
    await ctx.em.flush();
    return toTaskOutput(task);
  }),

  delete: protectedProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.em.nativeDelete(Task, { id: input.id, user: ctx.auth.user.id });
    if (deleted === 0) throw notFound('Task');
    return { id: input.id };
  }),
});
