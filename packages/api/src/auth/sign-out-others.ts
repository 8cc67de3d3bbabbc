import type { SignedInContext } from '../context.ts';
import { closeOtherSessions } from './sessions.data.ts';

/** `auth.signOutOthers`: ends every session of the caller's but this one; says how many ended. */
export async function signOutOthers(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'sessionId'>,
): Promise<{ revokedSessions: number }> {
  return { revokedSessions: await closeOtherSessions(ctx.db, ctx.userId, ctx.sessionId) };
}
