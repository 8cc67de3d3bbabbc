import type { RouterInputs } from '@taskchat/client';

/** What a personal access token may be allowed on /mcp. */
export type TokenScope = RouterInputs['auth']['tokens']['create']['scopes'][number];

/**
 * Each scope in words, in the API's order: the API's own `MCP_SCOPE_DESCRIPTIONS`, repeated here so
 * the bundle carries no server module (test/token-scopes.test.ts holds the two equal). The record
 * type makes a scope the API adds fail `tsc` until it is described.
 */
export const TOKEN_SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  'tasks:read': 'See your tasks, projects and labels',
  'tasks:write': 'Add, change, complete, move and delete your tasks',
  'conversations:read': 'Search and read your conversations',
};

export const TOKEN_SCOPES = Object.keys(TOKEN_SCOPE_DESCRIPTIONS) as TokenScope[];
