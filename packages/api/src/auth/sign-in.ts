import type { z } from 'zod';
import { DomainError } from '../errors.ts';
import { countSignInRefusal } from '../metrics/sign-in-metrics.ts';
import type { signInInput } from './auth.schemas.ts';
import { type AccountContext, checkPassword } from './password-check.ts';
import { openSession } from './sessions.data.ts';
import { signInOrigin } from './sign-in-origin.ts';
import type { SignedIn } from './signed-in.ts';
import { findUserForSignIn } from './users.data.ts';

/**
 * `auth.signIn`: a new session for the email's owner. An unknown email and a wrong password get the
 * same UNAUTHORIZED, after the same work, and count against the throttle alike.
 */
export async function signIn(ctx: AccountContext, input: z.output<typeof signInInput>): Promise<SignedIn> {
  const found = await findUserForSignIn(ctx.db, input.email);
  const account = found && { userId: found.user.id, passwordHash: found.passwordHash };
  const valid = await checkPassword(ctx, { ...input, address: ctx.clientAddress }, account).catch(refused);
  if (!found || !valid) refused(new DomainError('UNAUTHORIZED', 'Invalid email or password'));
  const token = await openSession(ctx.db, found.user.id, ctx.accounts.sessionTtlMs, signInOrigin(ctx));
  return { user: found.user, token };
}

/** A refused sign-in, counted by its reason (metrics) and thrown. */
function refused(error: unknown): never {
  countSignInRefusal(error);
  throw error;
}
