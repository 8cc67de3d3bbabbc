import type { ServerConfig } from './config.ts';

/**
 * The address people and MCP clients reach this server at (PUBLIC_URL, without a trailing slash):
 * the OAuth issuer, and `<public URL>/mcp` the resource its tokens are bound to.
 */
export function publicUrlOf(config: Pick<ServerConfig, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
