import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { inTransaction } from '../database.ts';
import type { changePasswordInput } from './auth.schemas.ts';
import { type AccountContext, confirmPassword } from './password-check.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { closeOtherSessions } from './sessions.data.ts';
import { requireStrongPassword } from './strong-password.ts';
import { setPasswordHash } from './users.data.ts';

/**
 * `auth.changePassword`: a new password, the current one required; every other session of the user
 * ends with the change. The new password arrives in its NFKC form (`passwordSchema`), which is
 * checked for strength (BAD_REQUEST on `newPassword` when too easy to guess, before the current
 * one is checked) and hashed; the current one is checked as a sign-in checks it.
 */
export async function changePassword(
  ctx: AccountContext & Pick<SignedInContext, 'auth' | 'userId' | 'sessionId'>,
  input: z.output<typeof changePasswordInput>,
): Promise<{ revokedSessions: number }> {
  const newPassword = { field: 'newPassword', value: input.newPassword };
  const owner = { email: ctx.auth.user.email, name: ctx.auth.user.name };
  await withRefusalsHeld(ctx.accounts.refusalDelayMs, () => requireStrongPassword(ctx, newPassword, owner));
  await confirmPassword(ctx, input.currentPassword);
  const passwordHash = await ctx.passwords.hash(input.newPassword);
  return await inTransaction(ctx.db, async (tx) => {
    await setPasswordHash(tx, ctx.userId, passwordHash);
    return { revokedSessions: await closeOtherSessions(tx, ctx.userId, ctx.sessionId) };
  });
}
