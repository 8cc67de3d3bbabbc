import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context.ts';
import { DomainError } from './errors.ts';
import { databaseUnavailable, isDatabaseOutage, OUTAGE_RETRY_AFTER_SECONDS } from './outage.ts';
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
        /** Seconds until a TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE call may succeed (also the Retry-After header). */
        retryAfter: retryAfterSeconds(error),
      },
    };
  },
});

/** When a failed call may be tried again, in seconds; null when waiting will not help. */
export function retryAfterSeconds(error: TRPCError): number | null {
  if (error.cause instanceof DomainError) return error.cause.retryAfterSeconds;
  return error.code === 'SERVICE_UNAVAILABLE' ? OUTAGE_RETRY_AFTER_SECONDS : null;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * A domain error leaves as the tRPC error of its code, an outage as a 503 (logged once per
 * outage); anything else unexpected is logged.
 */
const translateErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  const { cause } = result.ok ? {} : result.error;
  // A result or a domain error comes from a procedure that reached the database (a protected one
  // at least for its session); an invalid input may not have.
  if (result.ok || cause instanceof DomainError) ctx.outages.succeeded();
  if (result.ok) return result;
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (isDatabaseOutage(cause)) {
    ctx.outages.failed(cause, path);
    throw databaseUnavailable(cause);
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.logger.error({ err: cause ?? result.error, path }, 'procedure failed');
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateErrors);

/** Refuses without a valid session; behind it `ctx.auth` is never null (tRPC merges it into the context). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { auth: ctx.auth } });
});
