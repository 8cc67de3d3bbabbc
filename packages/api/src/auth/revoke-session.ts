import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { sessionIdInput } from './auth.schemas.ts';
import { closeSession } from './sessions.data.ts';

/** `auth.revokeSession`: ends one of the caller's sessions (a lost phone); NOT_FOUND when not theirs. */
export async function revokeSession(ctx: UserScope, input: z.output<typeof sessionIdInput>): Promise<{ id: string }> {
  await closeSession(ctx.db, ctx.userId, input.id);
  return { id: input.id };
}
