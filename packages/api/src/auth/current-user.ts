import type { SignedInContext } from '../context.ts';
import type { UserOutput } from './users.data.ts';

/** `auth.me`: the signed-in user, as the session lookup found them (no further query). */
export async function currentUser(ctx: Pick<SignedInContext, 'auth'>): Promise<UserOutput> {
  return ctx.auth.user;
}
