import { Task } from '@taskchat/db';
import { encodeCursor, positionIn, takePage } from '../pagination/cursor.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { toTaskOutput } from './task-output.ts';
import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from './tasks.schemas.ts';

const SCOPE = 'tasks';

export const tasksRouter = router({
  /** Newest first; `status` filters open or done tasks. */
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const after = positionIn(SCOPE, input.cursor);
    const qb = ctx.em
      .createQueryBuilder(Task, 't')
      .where({ user: ctx.auth.user.id })
      .orderBy({ createdAt: 'desc', id: 'desc' })
      .limit(input.limit + 1);
    if (input.status !== 'all') qb.andWhere({ completed: input.status === 'done' });
    if (after) qb.andWhere('(t.created_at, t.id) < (?, ?)', [after.at, after.id]);
    const { items, hasMore } = takePage(await qb.getResultList(), input.limit);
    const last = items.at(-1);
    return {
      items: items.map(toTaskOutput),
      nextCursor: hasMore && last ? encodeCursor(SCOPE, { at: last.createdAt, id: last.id }) : null,
    };
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
