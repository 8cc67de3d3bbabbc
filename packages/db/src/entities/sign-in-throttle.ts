import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';

/**
 * Password attempts counted against one account or one client address, and the lock they earned:
 * kept in PostgreSQL so the throttle holds across every server process.
 */
export const SignInThrottle = defineEntity({
  name: 'SignInThrottle',
  tableName: 'sign_in_throttles',
  properties: {
    /** `account:<SHA-256 of the lowercased email>` or `address:<client address, IPv6 by /64>`. */
    key: p.string().length(100).primary(),
    /** Attempts that have not been forgiven by a correct password. */
    failures: p.integer(),
    /** No attempt is heard before this moment. */
    lockedUntil: p.datetime(3).nullable(),
    /** The last attempt counted; a key quiet for long enough starts over (and is cleaned up). */
    updatedAt: p.datetime(3),
  },
  checks: [{ name: 'sign_in_throttles_failures_check', expression: 'failures >= 0' }],
  indexes: [
    // Finds the keys that have been quiet long enough to forget.
    { name: 'sign_in_throttles_updated_at_idx', properties: ['updatedAt'] },
  ],
});

export type SignInThrottle = InferEntity<typeof SignInThrottle>;
