import type { SignedInContext, StreamSignal } from '../context.ts';

/**
 * What a subscription needs: the database to read from, the feed that says when to read, the
 * caller (its user and session: a closed session ends its streams; its address, for the feed's
 * per-address limit) and the stream's signal.
 */
export type LiveContext = Pick<SignedInContext, 'db' | 'feed' | 'logger' | 'userId' | 'sessionId' | 'clientAddress'> &
  StreamSignal;

/** While the database is unreachable, how often a stream tries reading again (a reconnected feed rings sooner). */
export const OUTAGE_RETRY_MS = 1_000;

/**
 * Whether the stream ends because its client left (the request's signal): it then ends quietly.
 * An error thrown then reaches no one, and tRPC's ping wrapper would leave it as an unhandled
 * rejection (it keeps a `next()` pending while it sends a ping, and drops it when the client goes).
 * A stream the server ends (a closed session, too many changes) still ends with its error.
 */
export function clientLeft(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
