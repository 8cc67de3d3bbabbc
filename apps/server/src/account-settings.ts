import { type AccountSettings, defaultAccountSettings, defaultHashingLimits, type HashingLimits } from '@taskchat/api';
import type { ServerConfig } from './config.ts';

/** Sessions, the sign-in throttle and the sign-up limit from the configuration. */
export function accountSettingsFrom(config: ServerConfig): AccountSettings {
  const defaults = defaultAccountSettings();
  return {
    sessionTtlMs: config.SESSION_TTL * 1000,
    signInThrottle: {
      ...defaults.signInThrottle,
      freeFailuresPerAccount: config.SIGN_IN_FAILURES_PER_ACCOUNT,
      freeFailuresPerAddress: config.SIGN_IN_FAILURES_PER_ADDRESS,
      firstLockMs: config.SIGN_IN_FIRST_LOCK * 1000,
      maxLockMs: Math.max(config.SIGN_IN_FIRST_LOCK, config.SIGN_IN_MAX_LOCK) * 1000,
    },
    signUpsPerHour: config.SIGN_UPS_PER_HOUR,
    refusalDelayMs: config.REFUSAL_DELAY,
  };
}

export function hashingLimitsFrom(config: ServerConfig): HashingLimits {
  return {
    concurrency: config.PASSWORD_HASH_CONCURRENCY ?? defaultHashingLimits().concurrency,
    queue: config.PASSWORD_HASH_QUEUE,
  };
}
