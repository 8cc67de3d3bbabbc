import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { DomainError } from './errors.ts';
import type { ApiLogger } from './logger.ts';
import { outageMetrics } from './metrics/outage-metrics.ts';
import { databaseUnavailable, isDatabaseOutage, OUTAGE_RETRY_AFTER_SECONDS } from './outage.ts';
import type { OutageLog } from './outage-log.ts';

/** Where a failure happened, for the log: what failed (`procedure`, `session lookup`) and the path. */
export interface FailureSite {
  what: string;
  path?: string | undefined;
}

/** The errors this map made: mapped again (a route around a context that failed), they pass as they are. */
const mapped = new WeakSet<TRPCError>();

const remember = (error: TRPCError): TRPCError => {
  mapped.add(error);
  return error;
};

/**
 * The one map from a failure to what the caller gets, for /trpc and the routes beside it: a
 * DomainError is the tRPC error of its code (a typed 4xx), a database outage SERVICE_UNAVAILABLE
 * (logged once per outage), a tRPC error raised on purpose (an invalid input, UNAUTHORIZED) itself,
 * anything else INTERNAL_SERVER_ERROR, logged with its cause.
 */
export function toTRPCError(
  error: unknown,
  deps: { logger: ApiLogger; outages: OutageLog },
  site: FailureSite,
): TRPCError {
  if (error instanceof TRPCError && (error.code !== 'INTERNAL_SERVER_ERROR' || mapped.has(error))) return error;
  // tRPC wraps what a procedure throws in an INTERNAL_SERVER_ERROR whose cause is the original.
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (cause instanceof DomainError) return new TRPCError({ code: cause.code, message: cause.message, cause });
  if (isDatabaseOutage(cause)) {
    deps.outages.failed(cause, site.path ?? site.what);
    outageMetrics.answered503(site.what);
    return databaseUnavailable(cause);
  }
  deps.logger.error({ err: cause, path: site.path }, `${site.what} failed`);
  return remember(error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }));
}

/**
 * An answer larger than the server sends for one request (RESPONSE_LIMIT, `limitBytes`): the
 * caller asks for less, in fewer items or smaller batches.
 */
export function responseTooLarge(limitBytes: number): TRPCError {
  return new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The answer would be larger than the ${limitBytes} bytes this server sends for one request: ask for fewer items (a smaller limit) or make fewer calls per batch`,
  });
}

/** When a failed call may be tried again, in seconds; null when waiting will not help. */
export function retryAfterSeconds(error: TRPCError): number | null {
  if (error.cause instanceof DomainError) return error.cause.retryAfterSeconds;
  return error.code === 'SERVICE_UNAVAILABLE' ? OUTAGE_RETRY_AFTER_SECONDS : null;
}

/** What a client is told of a failure: an unexpected one says nothing of its cause (SQL, internals). */
export function publicMessage(error: TRPCError): string {
  return error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : error.message;
}

/** A failure as a plain HTTP answer, for routes outside tRPC: the status, message and Retry-After /trpc gives. */
export function toHttpAnswer(error: TRPCError): { status: number; message: string; retryAfterSeconds: number | null } {
  return {
    status: getHTTPStatusCodeFromError(error),
    message: publicMessage(error),
    retryAfterSeconds: retryAfterSeconds(error),
  };
}
