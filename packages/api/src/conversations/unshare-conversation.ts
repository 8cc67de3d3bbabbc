import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { notFound } from '../errors.ts';
import type { unshareInput } from './conversations.schemas.ts';
import { deleteShare } from './shares.data.ts';

/** `conversations.unshare`: revokes a share link at once (its page is a NOT_FOUND from then on). NOT_FOUND when it is not the caller's. */
export async function unshareConversation(ctx: UserScope, input: z.output<typeof unshareInput>): Promise<void> {
  if (!(await deleteShare(ctx.db, ctx.userId, input.shareId))) throw notFound('Share link');
}
