import type { Database } from '../database.ts';
import type { AccountSettings } from './account-settings.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { countAttempt, takeBackAttempt, throttleKeys } from './sign-in-throttle.data.ts';

/** What the account operations need of the API's dependencies. */
export interface AccountDeps {
  db: Database;
  passwords: PasswordHasher;
  accounts: AccountSettings;
}

/** A password offered for an account (by email, known or not) from a client address (null in-process). */
export interface PasswordAttempt {
  email: string;
  password: string;
  address: string | null;
}

/**
 * Whether the password is the account's (`passwordHash` undefined: no such account, checked against
 * a decoy all the same), under the sign-in throttle: a locked account or address is refused with
 * TOO_MANY_REQUESTS before any hashing, whether the password is right or not, so a lock-out
 * tells an attacker nothing. A server too busy hashing refuses before anything else. Every
 * refusal is held for the refusal delay. Signing in, changing the password and deleting the
 * account all go through here.
 */
export function checkPassword(
  deps: AccountDeps,
  attempt: PasswordAttempt,
  passwordHash: string | undefined,
): Promise<boolean> {
  return withRefusalsHeld(deps.accounts.refusalDelayMs, async () => {
    deps.passwords.assertRoom();
    const keys = throttleKeys(deps.accounts.signInThrottle, attempt.email, attempt.address);
    await countAttempt(deps.db, keys, deps.accounts.signInThrottle);
    let valid: boolean;
    try {
      valid = await deps.passwords.verify(passwordHash, attempt.password);
    } catch (error) {
      // Filled up meanwhile: the attempt was never checked.
      await takeBackAttempt(deps.db, keys, 'unchecked');
      throw error;
    }
    if (valid) await takeBackAttempt(deps.db, keys, 'correct-password');
    return valid;
  });
}
