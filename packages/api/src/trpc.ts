import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context.ts';
import { DomainError } from './errors.ts';
import { databaseUnavailable, isDatabaseOutage } from './outage.ts';
import { transformer } from './transformer.ts';

const t = initTRPC.context<Context>().create({
  transformer,
  // Stack traces reach the client only while developing.
  isDev: process.env.NODE_ENV === 'development',
  sse: {
    // Heartbeats keep proxies from closing a quiet stream; a client that hears nothing, not even
    // these, for the inactivity time takes the connection for dead and reconnects (resuming).
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 30_000 },
    // Streams are recycled: an expired session stops receiving, and load spreads over new processes.
    maxDurationMs: 15 * 60_000,
  },
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // An unexpected failure says nothing about its cause (SQL, internals); the cause is logged instead.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        /** Seconds until a TOO_MANY_REQUESTS call may succeed. */
        retryAfter: error.cause instanceof DomainError ? error.cause.retryAfterSeconds : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A domain error leaves as the tRPC error of its code, an outage as a 503; anything else unexpected is logged. */
const translateErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (isDatabaseOutage(cause)) {
    ctx.logger.error({ err: cause, path }, 'the database is unavailable');
    throw databaseUnavailable(cause);
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.logger.error({ err: cause ?? result.error, path }, 'procedure failed');
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateErrors);

/** Refuses without a valid session; behind it `ctx.auth` is never null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});
