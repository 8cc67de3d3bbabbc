import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context.ts';
import { transformer } from './transformer.ts';

const t = initTRPC.context<Context>().create({
  transformer,
  // Stack traces reach the client only while developing.
  isDev: process.env.NODE_ENV === 'development',
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // An unexpected failure says nothing about its cause (SQL, internals); the cause is logged instead.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const logUnexpectedErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.logger.error({ err: result.error.cause ?? result.error, path }, 'procedure failed');
  }
  return result;
});

export const publicProcedure = t.procedure.use(logUnexpectedErrors);

/** Refuses without a valid session; behind it `ctx.auth` is never null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${what} not found` });
}
