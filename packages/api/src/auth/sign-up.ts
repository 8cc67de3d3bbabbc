import type { z } from 'zod';
import { inTransaction } from '../database.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';
import type { signUpInput } from './auth.schemas.ts';
import { addressKey } from './client-address.ts';
import type { AccountContext } from './password-check.ts';
import { withRefusalsHeld } from './refusal-delay.ts';
import { openSession } from './sessions.data.ts';
import { signInOrigin } from './sign-in-origin.ts';
import type { SignedIn } from './signed-in.ts';
import { requireStrongPassword } from './strong-password.ts';
import { insertUser } from './users.data.ts';

const HOUR_MS = 60 * 60_000;

/**
 * `auth.signUp`: a new account and its first session, together or not at all. CONFLICT when the
 * email is taken; BAD_REQUEST on `password` when it is too easy to guess (before it counts against
 * the sign-up limit); TOO_MANY_REQUESTS (held for the refusal delay) past the sign-ups one address
 * may make in an hour, or when the server is too busy hashing. The password arrives in its NFKC
 * form (`passwordSchema` parses to it), which is what is checked and hashed.
 */
export async function signUp(ctx: AccountContext, input: z.output<typeof signUpInput>): Promise<SignedIn> {
  const address = ctx.clientAddress;
  const passwordHash = await withRefusalsHeld(ctx.accounts.refusalDelayMs, async () => {
    ctx.passwords.assertRoom();
    const owner = { email: input.email, name: input.name ?? null };
    await requireStrongPassword(ctx, { field: 'password', value: input.password }, owner);
    if (address !== null) {
      await consumeRateLimit(
        ctx.db,
        `sign-up:${addressKey(address)}`,
        [{ windowMs: HOUR_MS, max: ctx.accounts.signUpsPerHour }],
        'Too many new accounts from this address; try again later',
      );
    }
    return await ctx.passwords.hash(input.password);
  });
  return await inTransaction(ctx.db, async (tx) => {
    const user = await insertUser(tx, {
      email: input.email,
      passwordHash,
      name: input.name ?? null,
      timeZone: input.timeZone,
    });
    return { user, token: await openSession(tx, user.id, ctx.accounts.sessionTtlMs, signInOrigin(ctx)) };
  });
}
