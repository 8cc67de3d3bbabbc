import type { UserScope } from '../context.ts';
import { type AccessTokenOutput, selectAccessTokens } from './access-tokens.data.ts';

/**
 * `auth.tokens.list`: the caller's unexpired personal access tokens, newest first, without their
 * secrets. One list, not pages: a user holds at most `accessTokensPerUser` (50).
 */
export async function listAccessTokens(ctx: UserScope): Promise<{ items: AccessTokenOutput[] }> {
  return { items: await selectAccessTokens(ctx.db, ctx.userId) };
}
