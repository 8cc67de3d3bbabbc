import { addressKey } from '../auth/client-address.ts';
import type { Database } from '../database.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';

/**
 * Counts one client registration (RFC 7591, open to anyone) from `address`: TOO_MANY_REQUESTS past
 * `perHour` (OAUTH_REGISTRATIONS_PER_HOUR, across server processes), so no one fills the table.
 */
export async function admitClientRegistration(db: Database, address: string, perHour: number): Promise<void> {
  await consumeRateLimit(
    db,
    `oauth-registration:${addressKey(address)}`,
    [{ windowMs: 3_600_000, max: perHour }],
    `Too many client registrations: at most ${perHour} an hour from one address`,
  );
}
