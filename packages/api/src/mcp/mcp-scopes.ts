import { z } from 'zod';

/**
 * What a credential for /mcp (a personal access token or an OAuth token) may do. Each tool needs
 * one scope; a credential sees, in `tools/list`, only the tools its scopes allow.
 */
export const MCP_SCOPES = ['tasks:read', 'tasks:write', 'conversations:read'] as const;

export type McpScope = (typeof MCP_SCOPES)[number];

export const mcpScopeSchema = z.enum(MCP_SCOPES);

/** One to three distinct scopes. */
export const mcpScopesSchema = z
  .array(mcpScopeSchema)
  .min(1, 'Choose at least one scope')
  .max(MCP_SCOPES.length)
  .transform((scopes) => MCP_SCOPES.filter((scope) => scopes.includes(scope)));

/** What each scope allows, in words (the token form, the consent page and the docs say the same). */
export const MCP_SCOPE_DESCRIPTIONS: Record<McpScope, string> = {
  'tasks:read': 'See your tasks, projects and labels',
  'tasks:write': 'Add, change, complete, move and delete your tasks',
  'conversations:read': 'Search and read your conversations',
};

/** Who is calling /mcp, read from its bearer credential: every tool is bound to this user. */
export interface McpPrincipal {
  userId: string;
  scopes: McpScope[];
  /** A personal access token, or an OAuth access token a client got through the consent page. */
  via: 'token' | 'oauth';
  /** The access token's id, or the OAuth grant's: per-credential limits and the logs count by it. */
  credentialId: string;
  /** The token's name, or the OAuth client's name (the logs say who called). */
  clientName: string;
}
