import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { inTransaction } from '../database.ts';
import type { changePasswordInput } from './auth.schemas.ts';
import { type AccountContext, confirmPassword } from './password-check.ts';
import { closeOtherSessions } from './sessions.data.ts';
import { setPasswordHash } from './users.data.ts';

/**
 * `auth.changePassword`: a new password, the current one required; every other session of the user
 * ends with the change. The new password arrives in its NFKC form (`passwordSchema`), which is
 * hashed; the current one is checked as a sign-in checks it.
 */
export async function changePassword(
  ctx: AccountContext & Pick<SignedInContext, 'auth' | 'userId' | 'sessionId'>,
  input: z.output<typeof changePasswordInput>,
): Promise<{ revokedSessions: number }> {
  await confirmPassword(ctx, input.currentPassword);
  const passwordHash = await ctx.passwords.hash(input.newPassword);
  return await inTransaction(ctx.db, async (tx) => {
    await setPasswordHash(tx, ctx.userId, passwordHash);
    return { revokedSessions: await closeOtherSessions(tx, ctx.userId, ctx.sessionId) };
  });
}
