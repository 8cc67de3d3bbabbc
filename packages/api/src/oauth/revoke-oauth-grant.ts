import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { grantIdInput } from './oauth.schemas.ts';
import { deleteOAuthGrant } from './oauth-grants.data.ts';

/** `oauth.grants.revoke`: disconnects the client; its access and refresh tokens stop working at once. */
export async function revokeOAuthGrant(ctx: UserScope, input: z.output<typeof grantIdInput>): Promise<{ id: string }> {
  await deleteOAuthGrant(ctx.db, ctx.userId, input.id);
  return { id: input.id };
}
