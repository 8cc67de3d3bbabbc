import { createHash, randomBytes } from 'node:crypto';

/** A new bearer token: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the token: its SHA-256, lowercase hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * How every personal access token begins: /mcp tells one from an OAuth token by it, and a leaked
 * one is recognisable as Taskchat's (secret scanners, logs).
 */
export const ACCESS_TOKEN_PREFIX = 'tc_pat_';

/** A personal access token's secret as it is shown once: the prefix, then 32 random bytes (base64url, 43 characters). */
const ACCESS_TOKEN_PATTERN = /^tc_pat_[A-Za-z0-9_-]{43}$/;

/** A new personal access token's secret; like a session token, only its SHA-256 is stored. */
export function newAccessTokenSecret(): string {
  return `${ACCESS_TOKEN_PREFIX}${newSessionToken()}`;
}

/** Whether `secret` has the shape of one: anything else is refused without a query. */
export function isAccessTokenSecret(secret: string): boolean {
  return ACCESS_TOKEN_PATTERN.test(secret);
}
