import type { UserScope } from '../context.ts';
import { type OAuthGrantOutput, selectOAuthGrants } from './oauth-grants.data.ts';

/** `oauth.grants.list`: the MCP clients the caller has connected through OAuth, newest first. */
export async function listOAuthGrants(ctx: UserScope): Promise<{ items: OAuthGrantOutput[] }> {
  return { items: await selectOAuthGrants(ctx.db, ctx.userId) };
}
