import type { SignInThrottlePolicy } from './sign-in-throttle.data.ts';

/** How accounts are kept safe: server configuration, the same for every request. */
export interface AccountSettings {
  /** How long a new session stays valid. */
  sessionTtlMs: number;
  signInThrottle: SignInThrottlePolicy;
  /** Accounts one client address may create per hour (0: no limit). */
  signUpsPerHour: number;
  /** How long a refused sign-in, sign-up or password check is held before it is answered. */
  refusalDelayMs: number;
}

export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export function defaultAccountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return {
    sessionTtlMs: DEFAULT_SESSION_TTL_MS,
    signInThrottle: {
      freeFailuresPerAccount: 5,
      freeFailuresPerAddress: 20,
      firstLockMs: 1_000,
      maxLockMs: 15 * 60_000,
    },
    signUpsPerHour: 20,
    refusalDelayMs: 1_000,
    ...overrides,
  };
}
