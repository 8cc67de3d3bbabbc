import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { inTransaction } from '../database.ts';
import { forgetRateLimitsOf } from '../rate-limits/rate-limit.data.ts';
import type { deleteAccountInput } from './auth.schemas.ts';
import { type AccountContext, confirmPassword } from './password-check.ts';
import { deleteUser } from './users.data.ts';

/**
 * `auth.deleteAccount`: deletes the account, its password re-entered: the user row goes, and the
 * foreign keys' cascades take everything the user owned with it (sessions, so every token stops
 * working at once; tasks, conversations, messages, turns), in one transaction, with the user's
 * quota counters.
 */
export async function deleteAccount(
  ctx: AccountContext & Pick<SignedInContext, 'auth' | 'userId'>,
  input: z.output<typeof deleteAccountInput>,
): Promise<{ deleted: true }> {
  await confirmPassword(ctx, input.password);
  await inTransaction(ctx.db, async (tx) => {
    await deleteUser(tx, ctx.userId);
    await forgetRateLimitsOf(tx, ctx.userId);
  });
  return { deleted: true };
}
