import { isPasswordLength, normalizePassword } from '@taskchat/db';
import type { Context, SignedInContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { countAttempt, takeBackAttempt, throttleKeys } from './sign-in-throttle.data.ts';
import { findPasswordHash, replacePasswordHash } from './users.data.ts';

/**
 * What the account operations need: the database, the hasher, the account settings and where the
 * request came from (its address, and its user agent, which a new session records).
 */
export type AccountContext = Pick<Context, 'db' | 'passwords' | 'accounts' | 'clientAddress' | 'userAgent'>;

/** A password offered for an account (by email, known or not) from a client address (null in-process). */
export interface PasswordAttempt {
  email: string;
  /** As typed (`enteredPasswordSchema`): it is normalised here. */
  password: string;
  address: string | null;
}

/** The account a password is offered for: its id and its stored hash. */
export interface StoredPassword {
  userId: string;
  passwordHash: string;
}

/**
 * The forms of an entered password to check, in order: its NFKC form (`normalized`), as every hash
 * is made now, when it is within the length rule; then the password as typed, when it differs and
 * is within the rule, as hashes were made before passwords were normalised. NFKC is idempotent, so
 * a form that is not NFKC can only match such an old hash. The input schema lets through only
 * passwords with at least one form.
 */
function passwordForms(password: string): { normalized: string | null; candidates: string[] } {
  const nfkc = normalizePassword(password);
  const normalized = isPasswordLength(nfkc) ? nfkc : null;
  const candidates = normalized === null ? [] : [normalized];
  if (password !== nfkc && isPasswordLength(password)) candidates.push(password);
  return { normalized, candidates };
}

/**
 * Whether the password is the account's (`account` undefined: no such account, checked against
 * a decoy all the same), under the sign-in throttle: a locked account or address is refused with
 * TOO_MANY_REQUESTS before any hashing, whether the password is right or not, so a lock-out
 * tells an attacker nothing. A server too busy hashing refuses before anything else. Every
 * refusal is held for the refusal delay. Signing in, changing the password and deleting the
 * account all go through here.
 *
 * The password is checked in its NFKC form and, when it differs, as typed (one attempt of the
 * throttle, one place in the hasher's queue for each form, the same work for an unknown email): a
 * hash made before passwords were normalised still matches, and is then replaced by the NFKC
 * form's, so the next check matches the first form.
 */
export async function checkPassword(
  deps: Pick<Context, 'db' | 'passwords' | 'accounts'>,
  attempt: PasswordAttempt,
  account: StoredPassword | undefined,
): Promise<boolean> {
  const { normalized, candidates } = passwordForms(attempt.password);
  const matched = await withRefusalsHeld(deps.accounts.refusalDelayMs, async () => {
    deps.passwords.assertRoom();
    const keys = throttleKeys(deps.accounts.signInThrottle, attempt.email, attempt.address);
    await countAttempt(deps.db, keys, deps.accounts.signInThrottle);
    let index: number;
    try {
      index = await deps.passwords.match(account?.passwordHash, candidates);
    } catch (error) {
      // Filled up meanwhile: the attempt was never checked.
      await takeBackAttempt(deps.db, keys, 'unchecked');
      throw error;
    }
    // Whichever form matched, the attempt was the owner's: it is taken back once.
    if (index >= 0) await takeBackAttempt(deps.db, keys, 'correct-password');
    return index;
  });
  if (matched < 0 || !account) return false;
  if (normalized !== null && candidates[matched] !== normalized) await rehash(deps, account, normalized);
  return true;
}

/**
 * The hash of a password that matched as typed (made before passwords were normalised) is replaced
 * by its NFKC form's, unless the password changed meanwhile. A server too busy to hash leaves it
 * for the next sign-in: the password was right, and the old hash still matches.
 */
async function rehash(deps: Pick<Context, 'db' | 'passwords'>, account: StoredPassword, normalized: string) {
  let passwordHash: string;
  try {
    passwordHash = await deps.passwords.hash(normalized);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS') return;
    throw error;
  }
  await replacePasswordHash(deps.db, account.userId, { from: account.passwordHash, to: passwordHash });
}

/** The signed-in user's password, checked like a sign-in: FORBIDDEN when wrong (the session itself is fine). */
export async function confirmPassword(
  ctx: AccountContext & Pick<SignedInContext, 'auth'>,
  password: string,
): Promise<void> {
  const userId = ctx.auth.user.id;
  const passwordHash = await findPasswordHash(ctx.db, userId);
  const attempt = { email: ctx.auth.user.email, password, address: ctx.clientAddress };
  if (!(await checkPassword(ctx, attempt, passwordHash === undefined ? undefined : { userId, passwordHash }))) {
    throw new DomainError('FORBIDDEN', 'The password is not correct');
  }
}
