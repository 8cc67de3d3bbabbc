import type { UserScope } from '../context.ts';
import { type ShareOutput, selectShares } from './shares.data.ts';

/** `conversations.shares`: the caller's share links, newest first (the account screen lists them). */
export async function listShares(ctx: UserScope): Promise<ShareOutput[]> {
  return await selectShares(ctx.db, ctx.userId);
}
