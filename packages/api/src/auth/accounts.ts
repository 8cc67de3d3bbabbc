import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { consumeRateLimit, forgetRateLimitsOf } from '../rate-limits/rate-limit.data.ts';
import { addressKey } from './client-address.ts';
import { type AccountDeps, checkPassword } from './password-check.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { closeOtherSessions, openSession, type SignedInUser } from './sessions.data.ts';
import {
  deleteUser,
  findPasswordHash,
  findUserForSignIn,
  insertUser,
  setPasswordHash,
  type UserOutput,
} from './users.data.ts';

export interface SignedIn {
  user: UserOutput;
  /** The bearer token of the new session. */
  token: string;
}

const HOUR_MS = 60 * 60_000;

/**
 * A new account and its first session, together or not at all. CONFLICT when the email is taken;
 * TOO_MANY_REQUESTS (held for the refusal delay) past the sign-ups one address may make in an
 * hour, or when the server is too busy hashing.
 */
export async function signUp(
  deps: AccountDeps,
  input: { email: string; password: string; name?: string | undefined },
  address: string | null,
): Promise<SignedIn> {
  const passwordHash = await withRefusalsHeld(deps.accounts.refusalDelayMs, async () => {
    deps.passwords.assertRoom();
    if (address !== null) {
      await consumeRateLimit(
        deps.db,
        `sign-up:${addressKey(address)}`,
        [{ windowMs: HOUR_MS, max: deps.accounts.signUpsPerHour }],
        'Too many new accounts from this address; try again later',
      );
    }
    return await deps.passwords.hash(input.password);
  });
  return await inTransaction(deps.db, async (tx) => {
    const user = await insertUser(tx, { email: input.email, passwordHash, name: input.name ?? null });
    return { user, token: await openSession(tx, user.id, deps.accounts.sessionTtlMs) };
  });
}

/**
 * A new session for the email's owner. An unknown email and a wrong password get the same
 * UNAUTHORIZED, after the same work, and count against the throttle alike.
 */
export async function signIn(
  deps: AccountDeps,
  input: { email: string; password: string },
  address: string | null,
): Promise<SignedIn> {
  const found = await findUserForSignIn(deps.db, input.email);
  const valid = await checkPassword(deps, { ...input, address }, found?.passwordHash);
  if (!found || !valid) throw new DomainError('UNAUTHORIZED', 'Invalid email or password');
  return { user: found.user, token: await openSession(deps.db, found.user.id, deps.accounts.sessionTtlMs) };
}

/** The signed-in user's password, checked like a sign-in: FORBIDDEN when wrong (the session itself is fine). */
async function confirmPassword(deps: AccountDeps, auth: SignedInUser, password: string, address: string | null) {
  const passwordHash = await findPasswordHash(deps.db, auth.user.id);
  const valid = await checkPassword(deps, { email: auth.user.email, password, address }, passwordHash);
  if (!valid) throw new DomainError('FORBIDDEN', 'The password is not correct');
}

/** A new password, the current one required; every other session of the user ends with the change. */
export async function changePassword(
  deps: AccountDeps,
  auth: SignedInUser,
  input: { currentPassword: string; newPassword: string },
  address: string | null,
): Promise<{ revokedSessions: number }> {
  await confirmPassword(deps, auth, input.currentPassword, address);
  const passwordHash = await deps.passwords.hash(input.newPassword);
  return await inTransaction(deps.db, async (tx) => {
    await setPasswordHash(tx, auth.user.id, passwordHash);
    return { revokedSessions: await closeOtherSessions(tx, auth.user.id, auth.sessionId) };
  });
}

/**
 * Deletes the account, its password re-entered: the user row goes, and the foreign keys' cascades
 * take everything the user owned with it (sessions, so every token stops working at once; tasks,
 * conversations, messages, turns), in one transaction, with the user's quota counters.
 */
export async function deleteAccount(
  deps: AccountDeps,
  auth: SignedInUser,
  input: { password: string },
  address: string | null,
): Promise<{ deleted: true }> {
  await confirmPassword(deps, auth, input.password, address);
  await inTransaction(deps.db, async (tx) => {
    await deleteUser(tx, auth.user.id);
    await forgetRateLimitsOf(tx, auth.user.id);
  });
  return { deleted: true };
}
