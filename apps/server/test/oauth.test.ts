import { describe, expect, it } from 'vitest';
import { MCP_CLIENTS, mcpUser, type ProtocolRevision, structured } from './mcp-clients.ts';
import { answerConsent, oauthMcpClient, REDIRECT_URL, TestOAuthProvider } from './oauth-flow.ts';
import { useServer } from './server-harness.ts';

const server = useServer({ PUBLIC_URL: 'self' });

describe('discovery', () => {
  it('/mcp names its metadata in the 401; the metadata names the authorization server, whose metadata says PKCE S256 and registration', async () => {
    const refused = await fetch(`${server.origin}/mcp`, { method: 'POST' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(
      `resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    const resource = await (await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toMatchObject({
      resource: `${server.origin}/mcp`,
      authorization_servers: [server.origin],
      scopes_supported: ['tasks:read', 'tasks:write', 'conversations:read'],
    });
    const metadata = (await (await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).json()) as {
      grant_types_supported: string[];
    };
    expect(metadata).toMatchObject({
      issuer: server.origin,
      authorization_endpoint: `${server.origin}/oauth/authorize`,
      token_endpoint: `${server.origin}/oauth/token`,
      registration_endpoint: `${server.origin}/oauth/register`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
  });
});

describe.each(Object.keys(MCP_CLIENTS) as ProtocolRevision[])(
  'the OAuth flow with the SDK client, protocol %s',
  (revision) => {
    it('registers, asks consent, gets a token bound to /mcp and uses it', async () => {
      const user = await mcpUser(server.origin);
      await user.client.tasks.create.mutate({ title: 'Buy oat milk' });
      const provider = new TestOAuthProvider();
      let shown: unknown;
      const mcp = await oauthMcpClient(revision, server.origin, provider, async (url) => {
        const answered = await answerConsent(server.origin, user.session, url, true);
        shown = answered.shown;
        return answered.back;
      });
      expect(shown).toMatchObject({ clientName: 'Test Agent', redirectHost: new URL(REDIRECT_URL).host });
      const { tools } = await mcp.listTools();
      expect(tools.length).toBeGreaterThan(3);
      const listed = structured<{ tasks: { title: string }[] }>(await mcp.callTool('list_tasks', {}));
      expect(listed.tasks.map((task) => task.title)).toEqual(['Buy oat milk']);
      await mcp.close();
    });
  },
);
