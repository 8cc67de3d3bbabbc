import type { Context, SignedInContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { countAttempt, takeBackAttempt, throttleKeys } from './sign-in-throttle.data.ts';
import { findPasswordHash } from './users.data.ts';

/** What the account operations need: the database, the hasher, the account settings and where the request came from. */
export type AccountContext = Pick<Context, 'db' | 'passwords' | 'accounts' | 'clientAddress'>;

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
  deps: Pick<Context, 'db' | 'passwords' | 'accounts'>,
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

/** The signed-in user's password, checked like a sign-in: FORBIDDEN when wrong (the session itself is fine). */
export async function confirmPassword(
  ctx: AccountContext & Pick<SignedInContext, 'auth'>,
  password: string,
): Promise<void> {
  const passwordHash = await findPasswordHash(ctx.db, ctx.auth.user.id);
  const attempt = { email: ctx.auth.user.email, password, address: ctx.clientAddress };
  if (!(await checkPassword(ctx, attempt, passwordHash))) {
    throw new DomainError('FORBIDDEN', 'The password is not correct');
  }
}
