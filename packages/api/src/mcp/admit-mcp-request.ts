import type { Database } from '../database.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';
import type { McpPrincipal } from './mcp-scopes.ts';

/**
 * Counts one request of the credential to /mcp (MCP_REQUESTS_PER_MINUTE, across server processes);
 * TOO_MANY_REQUESTS past the limit. Keys name the user, so deleting the account forgets them.
 */
export async function admitMcpRequest(db: Database, principal: McpPrincipal, perMinute: number): Promise<void> {
  await consumeRateLimit(
    db,
    `mcp-requests:${principal.userId}:${principal.credentialId}`,
    [{ windowMs: 60_000, max: perMinute }],
    `Too many requests: a token may send ${perMinute} a minute to /mcp`,
  );
}
