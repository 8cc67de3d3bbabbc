import type { Context } from '../context.ts';
import { invalidField } from '../errors.ts';
import type { PasswordOwner } from './password-strength.ts';

/**
 * A new password (sign-up, password change) that is too easy to guess for its owner is a
 * BAD_REQUEST on its input field, before anything else is done with it. The check takes a place
 * on the password threads: TOO_MANY_REQUESTS when the server is too busy.
 */
export async function requireStrongPassword(
  ctx: Pick<Context, 'passwords'>,
  password: { field: string; value: string },
  owner: PasswordOwner,
): Promise<void> {
  const weakness = await ctx.passwords.weakness(password.value, owner);
  if (weakness !== null) throw invalidField(password.field, weakness);
}
