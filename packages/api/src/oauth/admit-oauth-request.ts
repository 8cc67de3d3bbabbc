import { addressKey } from '../auth/client-address.ts';
import type { Database } from '../database.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';

/** A per-address limit of the OAuth server's open endpoints; a max of 0 is no limit. */
export interface OAuthRequestLimit {
  /** What is counted, in words: "client registrations", "authorization requests". */
  what: string;
  max: number;
  per: 'minute' | 'hour';
}

/**
 * Counts one request of the OAuth server's that anyone may send (a client registration, an
 * authorization request: each stores a record) from `address`, across server processes; past the
 * limit TOO_MANY_REQUESTS, so no one fills the tables.
 */
export async function admitOAuthRequest(db: Database, address: string, limit: OAuthRequestLimit): Promise<void> {
  const [windowMs, period] = limit.per === 'hour' ? [3_600_000, 'an hour'] : [60_000, 'a minute'];
  await consumeRateLimit(
    db,
    `oauth:${limit.what}:${addressKey(address)}`,
    [{ windowMs, max: limit.max }],
    `Too many ${limit.what}: at most ${limit.max} ${period} from one address`,
  );
}
