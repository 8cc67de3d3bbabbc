import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { openSession } from './sessions.data.ts';
import { findUserForSignIn, insertUser, type UserOutput } from './users.data.ts';

export interface SignedIn {
  user: UserOutput;
  /** The bearer token of the new session. */
  token: string;
}

/** A new account and its first session, together or not at all. CONFLICT when the email is taken. */
export async function signUp(
  db: Database,
  input: { email: string; password: string; name?: string | undefined },
  sessionTtlMs: number,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  return await inTransaction(db, async (tx) => {
    const user = await insertUser(tx, { email: input.email, passwordHash, name: input.name ?? null });
    return { user, token: await openSession(tx, user.id, sessionTtlMs) };
  });
}

/**
 * A new session for the email's owner. An unknown email and a wrong password get the same
 * UNAUTHORIZED, after the same work: an unknown email is checked against a decoy hash.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string },
  sessionTtlMs: number,
): Promise<SignedIn> {
  const found = await findUserForSignIn(db, input.email);
  const valid = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!found || !valid) throw new DomainError('UNAUTHORIZED', 'Invalid email or password');
  return { user: found.user, token: await openSession(db, found.user.id, sessionTtlMs) };
}
