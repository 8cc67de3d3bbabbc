import type { Database } from '../database.ts';
import type { McpPrincipal } from '../mcp/mcp-scopes.ts';
import { useAccessToken } from './access-tokens.data.ts';
import { hashSessionToken, isAccessTokenSecret } from './tokens.ts';

/**
 * Who a personal access token's secret acts for on /mcp, with its scopes; null for anything but
 * an unexpired, unrevoked token (another shape, an unknown secret, a session token). Records its
 * use at most once a minute. /trpc never calls this: a token is not a session.
 */
export async function resolvePersonalAccessToken(db: Database, secret: string): Promise<McpPrincipal | null> {
  if (!isAccessTokenSecret(secret)) return null;
  const token = await useAccessToken(db, hashSessionToken(secret));
  if (!token) return null;
  return { userId: token.userId, scopes: token.scopes, via: 'token', credentialId: token.id, clientName: token.name };
}
