import { initTRPC, TRPCError, transformTRPCResponse } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError, z } from 'zod';
import { type Context, signedInCaller } from './context.ts';
import { publicMessage, retryAfterSeconds, toTRPCError } from './error-map.ts';
import { DomainError } from './errors.ts';
import { observeProcedure } from './metrics/procedure-metrics.ts';
import { procedureSpan } from './tracing/procedure-span.ts';
import { transformer } from './transformer.ts';

/** The refused input fields: the schema's (zod's issues, flattened), or the one a domain rule refused (`invalidField`). */
function fieldErrors(cause: unknown): { formErrors: string[]; fieldErrors: Partial<Record<string, string[]>> } | null {
  if (cause instanceof ZodError) return z.flattenError(cause);
  if (cause instanceof DomainError && cause.field !== null) {
    return { formErrors: [], fieldErrors: { [cause.field]: [cause.message] } };
  }
  return null;
}

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
      message: publicMessage(error),
      data: {
        ...shape.data,
        zodError: fieldErrors(error.cause),
        /** Seconds until a TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE call may succeed (also the Retry-After header). */
        retryAfter: retryAfterSeconds(error),
      },
    };
  },
});

/**
 * A failure as /trpc sends it (the error formatter's shape through the transformer, one per call of
 * a batch) and its HTTP status, for an answer the server replaces after tRPC wrote it (one over
 * RESPONSE_LIMIT).
 */
export function errorResponse(
  error: TRPCError,
  calls: { paths: string[]; batch: boolean },
): {
  status: number;
  body: string;
} {
  const httpStatus = getHTTPStatusCodeFromError(error);
  const items = calls.paths.map((path) => ({
    error: t._config.errorFormatter({
      error,
      type: 'unknown',
      path,
      input: undefined,
      ctx: undefined,
      shape: {
        message: error.message,
        code: TRPC_ERROR_CODES_BY_KEY[error.code],
        data: { code: error.code, httpStatus, path },
      },
    }),
  }));
  const wire = items.map((item) => transformTRPCResponse(t._config, item));
  return { status: httpStatus, body: JSON.stringify(calls.batch ? wire : wire[0]) };
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every failure leaves through the one error map (`error-map.ts`). */
const translateErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  // A result or a domain error comes from a procedure that reached the database (a protected one
  // at least for its session); an invalid input may not have.
  if (result.ok || result.error.cause instanceof DomainError) ctx.outages.succeeded();
  if (result.ok) return result;
  const error = toTRPCError(result.error, ctx, { what: 'procedure', path });
  if (error === result.error) return result;
  throw error;
});

/** Counts and times every call by its outcome, as the caller gets it (metrics/procedure-metrics.ts). */
const observeCalls = t.middleware(({ path, next }) => observeProcedure(path, next));

export const publicProcedure = t.procedure
  // Outermost, so the span's outcome is the code the caller gets (after the error map).
  .use(({ path, type, next }) => procedureSpan(path, type, next))
  // Outside the error map too, so the counts are by the code the caller gets.
  .use(observeCalls)
  .use(translateErrors);

/** Refuses without a valid session; behind it the context is a `SignedInContext` (tRPC merges these in). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: signedInCaller(ctx) }));

/**
 * A query or mutation whose answer is an async iterable (`chat.send`). Its answer can only reach
 * the caller as a stream, so a request that cannot take one (no `trpc-accept: application/jsonl`:
 * a plain POST, or a batch over the non-streaming link) is refused with UNSUPPORTED_MEDIA_TYPE
 * (415) before the procedure runs, its input read or anything stored; tRPC itself would refuse only
 * after the work was done. Checked after the session, so an anonymous caller still gets UNAUTHORIZED.
 */
export const streamedProcedure = protectedProcedure.use(({ ctx, path, next }) => {
  if (!ctx.canStream) {
    throw new TRPCError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `${path} streams its answer: send it over the streaming link (httpBatchStreamLink: a batch with the header trpc-accept: application/jsonl)`,
    });
  }
  return next();
});
