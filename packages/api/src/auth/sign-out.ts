import type { SignedInContext } from '../context.ts';
import { closeSession } from './sessions.data.ts';

/** `auth.signOut`: ends the session the request came with. */
export async function signOut(ctx: Pick<SignedInContext, 'db' | 'userId' | 'sessionId'>): Promise<{ signedOut: true }> {
  await closeSession(ctx.db, ctx.userId, ctx.sessionId);
  return { signedOut: true };
}
