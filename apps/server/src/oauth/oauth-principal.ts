import { clientDisplayName, MCP_SCOPES, type McpPrincipal } from '@taskchat/api';
import type Provider from 'oidc-provider';

/**
 * The caller behind an OAuth access token on /mcp, or null: unknown, expired, revoked (its grant
 * disconnected), or issued for another resource (RFC 8707: a token is good for /mcp only).
 */
export function oauthPrincipalResolver(provider: Provider, resource: string) {
  return async (token: string): Promise<McpPrincipal | null> => {
    const accessToken = await provider.AccessToken.find(token);
    if (!accessToken?.accountId || !accessToken.grantId || !accessToken.clientId) return null;
    const audiences: unknown[] = Array.isArray(accessToken.aud) ? accessToken.aud : [accessToken.aud];
    if (!audiences.includes(resource)) return null;
    const client = await provider.Client.find(accessToken.clientId);
    if (!client) return null;
    return {
      userId: accessToken.accountId,
      scopes: MCP_SCOPES.filter((scope) => accessToken.scopes.has(scope)),
      via: 'oauth',
      credentialId: accessToken.grantId,
      clientName: clientDisplayName(client.clientName, client.clientId),
    };
  };
}
