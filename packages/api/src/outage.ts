import { TRPCError } from '@trpc/server';

/** SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutting down, crashed, starting up). */
const OUTAGE_SQLSTATE = /^(08|57P0[1-3])/;
/** Node's codes for a server that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** What the driver and its pool say, without a code, when a connection breaks or cannot be had. */
const BROKEN_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|connection error/i;

/**
 * Whether a failure means PostgreSQL cannot be reached (down, restarting, the network): an outage,
 * answered 503 so clients retry, not a bug (500). Looks through causes and aggregated errors.
 */
export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (OUTAGE_SQLSTATE.test(code) || UNREACHABLE.has(code))) return true;
  if (BROKEN_CONNECTION.test(error.message)) return true;
  const nested = error instanceof AggregateError ? error.errors : [];
  return [error.cause, ...nested].some((inner) => isDatabaseOutage(inner, depth + 1));
}

/** The Retry-After of a 503: a restart or failover usually takes seconds. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(cause: unknown): TRPCError {
  return new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: 'The database is unavailable; try again shortly',
    cause,
  });
}
