import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import type { listSessionsInput } from './auth.schemas.ts';
import { type SessionOutput, selectSessionPage } from './sessions.data.ts';

/** `auth.sessions`: the caller's unexpired sessions, newest sign-in first, the current one marked. */
export async function listSessions(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'sessionId'>,
  input: z.output<typeof listSessionsInput>,
): Promise<Page<SessionOutput>> {
  return await selectSessionPage(ctx.db, ctx.userId, ctx.sessionId, input);
}
