import { type Settings, settingDefault, settingDefaults } from '../settings/settings-schema.ts';
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

export const DEFAULT_SESSION_TTL_MS = settingDefault('SESSION_TTL') * 1000;

type AccountSettingNames =
  | 'SESSION_TTL'
  | 'SIGN_IN_FAILURES_PER_ACCOUNT'
  | 'SIGN_IN_FAILURES_PER_ADDRESS'
  | 'SIGN_IN_FIRST_LOCK'
  | 'SIGN_IN_MAX_LOCK'
  | 'SIGN_UPS_PER_HOUR'
  | 'REFUSAL_DELAY';

/** Sessions, the sign-in throttle and the sign-up limit from the settings (settings-schema.ts). */
export function accountSettingsFrom(settings: Pick<Settings, AccountSettingNames>): AccountSettings {
  return {
    sessionTtlMs: settings.SESSION_TTL * 1000,
    signInThrottle: {
      freeFailuresPerAccount: settings.SIGN_IN_FAILURES_PER_ACCOUNT,
      freeFailuresPerAddress: settings.SIGN_IN_FAILURES_PER_ADDRESS,
      firstLockMs: settings.SIGN_IN_FIRST_LOCK * 1000,
      // A longest lock below the first is the first.
      maxLockMs: Math.max(settings.SIGN_IN_FIRST_LOCK, settings.SIGN_IN_MAX_LOCK) * 1000,
    },
    signUpsPerHour: settings.SIGN_UPS_PER_HOUR,
    refusalDelayMs: settings.REFUSAL_DELAY,
  };
}

/** The account settings of a server configured with nothing, with `overrides`. */
export function defaultAccountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return { ...accountSettingsFrom(settingDefaults()), ...overrides };
}
