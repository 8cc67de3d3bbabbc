import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { deleteAccessToken } from './access-tokens.data.ts';
import type { accessTokenIdInput } from './auth.schemas.ts';

/** `auth.tokens.revoke`: the token stops working on /mcp at once; NOT_FOUND when it is not the caller's. */
export async function revokeAccessToken(
  ctx: UserScope,
  input: z.output<typeof accessTokenIdInput>,
): Promise<{ id: string }> {
  await deleteAccessToken(ctx.db, ctx.userId, input.id);
  return { id: input.id };
}
