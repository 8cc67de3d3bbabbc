import { describe, expect, it } from 'vitest';
import { MCP_SCOPE_DESCRIPTIONS } from '../../../packages/api/src/mcp/mcp-scopes.ts';
import { TOKEN_SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from '../src/account/token-scopes.ts';

describe('the token form’s scopes', () => {
  it('are the API’s, in its order and in its words (the consent page and the docs say the same)', () => {
    expect(Object.entries(TOKEN_SCOPE_DESCRIPTIONS)).toEqual(Object.entries(MCP_SCOPE_DESCRIPTIONS));
    expect(TOKEN_SCOPES).toEqual(Object.keys(MCP_SCOPE_DESCRIPTIONS));
  });
});
