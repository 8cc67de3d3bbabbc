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
