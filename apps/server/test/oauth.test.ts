import { request as httpRequest } from 'node:http';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  MCP_CLIENTS,
  mcpUser,
  type ProtocolRevision,
  postMcp,
  rpcAnswer,
  structured,
} from './mcp-clients.ts';
import {
  answerConsent,
  authorizationUrl,
  browserGet,
  CookieJar,
  connectRawClient,
  consentCall,
  consentUid,
  exchangeCode,
  followToClient,
  oauthMcpClient,
  pkcePair,
  REDIRECT_URL,
  refreshTokens,
  registerClient,
  TestOAuthProvider,
} from './oauth-flow.ts';
import { useServer } from './server-harness.ts';

// No per-address limit of authorization requests: every test here comes from one address.
const server = useServer({ PUBLIC_URL: 'self', OAUTH_AUTHORIZATIONS_PER_MINUTE: '0' });

const WRITE_TOOLS = ['add_tasks', 'update_task', 'complete_tasks', 'delete_tasks', 'reschedule_tasks', 'move_task'];

/** /mcp's answer to `tools/list` with a bearer token: its status and, when 200, the tool names. */
async function toolNames(token: string): Promise<{ status: number; names: string[] }> {
  const response = await postMcp(server.origin, token, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  if (response.status !== 200) return { status: response.status, names: [] };
  const answer = (await rpcAnswer(response)) as { result: { tools: { name: string }[] } };
  return { status: 200, names: answer.result.tools.map((tool) => tool.name) };
}

/** /mcp's answer to a token it no longer takes: 401 with `error="invalid_token"`. */
async function expectInvalidToken(token: string | undefined): Promise<void> {
  const refused = await postMcp(server.origin, token ?? '', { jsonrpc: '2.0', id: 1, method: 'tools/list' });
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
}

/** Makes an access token expired, as an hour would. */
async function expireAccessToken(token: string): Promise<void> {
  await server.db.orm.em
    .getConnection()
    .execute(
      `update oauth_records set expires_at = now() - interval '1 second' where model = 'AccessToken' and id = ?`,
      [token],
    );
}

/** Answers, Allow, the consent `started` (an authorization request's answer) opened in `jar`'s browser; where the browser ends. */
async function answerConsentIn(jar: CookieJar, started: Response, session: string): Promise<URL> {
  const uid = consentUid(started.headers.get('location'));
  const decided = await consentCall(server.origin, jar, session, 'oauth.consent.decide', { uid, allow: true });
  const redirectTo = decided.body.result?.data.json.redirectTo;
  if (typeof redirectTo !== 'string') throw new Error(`Not decided: ${JSON.stringify(decided.body)}`);
  return await followToClient(jar, server.origin, redirectTo);
}

/** The consent of a fresh authorization request, begun in its own browser (cookie jar). */
async function begunConsent(clientId: string) {
  const jar = new CookieJar();
  const { challenge } = pkcePair();
  const start = await browserGet(jar, authorizationUrl(server.origin, clientId, challenge).href);
  return { jar, uid: consentUid(start.headers.get('location')) };
}

describe('discovery', () => {
  it('/mcp names its metadata in the 401; the metadata names the authorization server, whose metadata says PKCE S256 and registration', async () => {
    const refused = await fetch(`${server.origin}/mcp`, { method: 'POST' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(
      `resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      expect(await (await fetch(`${server.origin}${path}`)).json()).toMatchObject({
        resource: `${server.origin}/mcp`,
        authorization_servers: [server.origin],
        scopes_supported: ALL_SCOPES,
      });
    }
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const metadata = (await (await fetch(`${server.origin}${path}`)).json()) as { grant_types_supported: string[] };
      expect(metadata).toMatchObject({
        issuer: server.origin,
        authorization_endpoint: `${server.origin}/oauth/authorize`,
        token_endpoint: `${server.origin}/oauth/token`,
        registration_endpoint: `${server.origin}/oauth/register`,
        revocation_endpoint: `${server.origin}/oauth/revoke`,
        code_challenge_methods_supported: ['S256'],
      });
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    }
  });
});

describe('addresses', () => {
  it('are PUBLIC_URL’s whatever Host or forwarded headers a request names', async () => {
    const port = new URL(server.origin).port;
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/.well-known/oauth-authorization-server',
          headers: { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'https' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve(text));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(body).not.toContain('evil.example.com');
    expect(JSON.parse(body)).toMatchObject({
      issuer: server.origin,
      token_endpoint: `${server.origin}/oauth/token`,
      registration_endpoint: `${server.origin}/oauth/register`,
    });
  });
});

describe.each(Object.keys(MCP_CLIENTS) as ProtocolRevision[])(
  'the OAuth flow with the SDK client, protocol %s',
  (revision) => {
    it('discovers, registers, asks consent in words, gets a token bound to /mcp and uses it as that user', async () => {
      const user = await mcpUser(server.origin);
      await user.client.tasks.create.mutate({ title: 'Buy oat milk' });
      const provider = new TestOAuthProvider();
      let shown: unknown;
      const mcp = await oauthMcpClient(revision, server.origin, provider, async (url) => {
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('resource')).toBe(`${server.origin}/mcp`);
        const answered = await answerConsent(server.origin, user.session, url, true);
        shown = answered.shown;
        return answered.back;
      });
      expect(mcp.protocolVersion).toBe(revision);
      expect(shown).toEqual({
        uid: expect.any(String),
        clientName: 'Test Agent',
        clientUri: 'https://agent.example.com',
        redirectHost: new URL(REDIRECT_URL).host,
        scopes: ALL_SCOPES,
      });
      const { tools } = await mcp.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining([...WRITE_TOOLS, 'list_tasks']));
      const listed = structured<{ tasks: { title: string }[] }>(await mcp.callTool('list_tasks', {}));
      expect(listed.tasks.map((task) => task.title)).toEqual(['Buy oat milk']);
      structured(await mcp.callTool('add_tasks', { tasks: [{ title: 'Call mom' }] }));
      const titles = (await user.client.tasks.list.query({})).items.map((task) => task.title);
      expect(titles).toEqual(expect.arrayContaining(['Buy oat milk', 'Call mom']));

      // Its access token expired, the client refreshes by itself (a new refresh token too) and goes on.
      const first = provider.savedTokens;
      await expireAccessToken(first?.access_token ?? '');
      expect(structured<{ tasks: unknown[] }>(await mcp.callTool('list_tasks', {})).tasks).toHaveLength(2);
      expect(provider.savedTokens?.access_token).not.toBe(first?.access_token);
      expect(provider.savedTokens?.refresh_token).not.toBe(first?.refresh_token);
      await mcp.close();

      const { items } = await user.client.oauth.grants.list.query();
      expect(items).toEqual([
        {
          id: expect.any(String),
          clientName: 'Test Agent',
          clientUri: 'https://agent.example.com',
          scopes: ALL_SCOPES,
          createdAt: expect.any(Date),
          expiresAt: expect.any(Date),
        },
      ]);
      const line = server.logs.find((entry) => entry.includes('"via":"oauth"') && entry.includes(items[0]?.id ?? '?'));
      expect(line).toBeDefined();
      expect(server.logs.join('\n')).not.toContain(provider.savedTokens?.access_token ?? '?');
    });
  },
);

describe('scopes', () => {
  it('a client allowed only tasks:read lists no write tool and is refused one, changing nothing', async () => {
    const user = await mcpUser(server.origin);
    const { tokens } = await connectRawClient(server.origin, user.session, 'tasks:read');
    expect(tokens.scope).toBe('tasks:read');
    const { names } = await toolNames(tokens.access_token ?? '');
    expect(names.sort()).toEqual(['list_labels', 'list_projects', 'list_tasks']);
    const mcp = await MCP_CLIENTS['2025-11-25'](server.origin, tokens.access_token ?? '');
    await expect(mcp.callTool('add_tasks', { tasks: [{ title: 'Sneaky' }] })).rejects.toThrow();
    await mcp.close();
    expect((await user.client.tasks.list.query({})).items).toEqual([]);
    expect((await user.client.oauth.grants.list.query()).items[0]?.scopes).toEqual(['tasks:read']);
  });

  it('scopes /mcp does not know are not granted', async () => {
    const user = await mcpUser(server.origin);
    const { tokens } = await connectRawClient(server.origin, user.session, 'tasks:read tasks:admin');
    expect(tokens.scope).toBe('tasks:read');
  });
});

describe('tokens', () => {
  it('an access token works on /mcp only: /trpc refuses it', async () => {
    const user = await mcpUser(server.origin);
    const { tokens } = await connectRawClient(server.origin, user.session);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await toolNames(tokens.access_token ?? '')).status).toBe(200);
    const trpc = await fetch(`${server.origin}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(trpc.status).toBe(401);
  });

  it('a refresh gives new tokens and retires the old refresh token; replaying it ends the grant', async () => {
    const user = await mcpUser(server.origin);
    const { clientId, tokens } = await connectRawClient(server.origin, user.session);
    const refresh = (token: string | undefined) => refreshTokens(server.origin, clientId, token);
    const renewed = await refresh(tokens.refresh_token);
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(renewed.body.scope).toBe(ALL_SCOPES.join(' '));
    expect((await toolNames(renewed.body.access_token ?? '')).status).toBe(200);

    const replayed = await refresh(tokens.refresh_token);
    expect(replayed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await toolNames(renewed.body.access_token ?? '')).status).toBe(401);
    expect(await refresh(renewed.body.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('a code is good once, with its verifier, for its client', async () => {
    const user = await mcpUser(server.origin);
    const { body: client } = await registerClient(server.origin);
    const { verifier, challenge } = pkcePair();
    const url = authorizationUrl(server.origin, String(client.client_id), challenge);
    const code = (await answerConsent(server.origin, user.session, url, true)).back.searchParams.get('code') ?? '';
    const exchange = (overrides: Record<string, string>) =>
      exchangeCode(server.origin, { clientId: String(client.client_id), code, verifier }, overrides);
    expect(await exchange({ code_verifier: pkcePair().verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const other = await registerClient(server.origin);
    expect((await exchange({ client_id: String(other.body.client_id) })).status).toBe(400);
    const first = await exchange({});
    expect(first.status).toBe(200);
    expect(await exchange({})).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // A replayed code revokes what it gave.
    expect((await toolNames(first.body.access_token ?? '')).status).toBe(401);
  });

  it('an expired access token is refused with invalid_token', async () => {
    const user = await mcpUser(server.origin);
    const { tokens } = await connectRawClient(server.origin, user.session);
    await expireAccessToken(tokens.access_token ?? '');
    await expectInvalidToken(tokens.access_token);
  });

  it('the client may revoke its own refresh token (RFC 7009), which ends the grant', async () => {
    const user = await mcpUser(server.origin);
    const { clientId, tokens } = await connectRawClient(server.origin, user.session);
    const revoked = await fetch(`${server.origin}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token ?? '', client_id: clientId }),
    });
    expect(revoked.status).toBe(200);
    expect(await refreshTokens(server.origin, clientId, tokens.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});

describe('authorization requests the server refuses', () => {
  it('without PKCE, with the plain method, for another resource or response type: an error page, never a redirect', async () => {
    const { body: client } = await registerClient(server.origin);
    const clientId = String(client.client_id);
    const { challenge } = pkcePair();
    /** The error the page names, or where the browser was sent instead. */
    const refusal = async (overrides: Record<string, string | null>) => {
      const response = await fetch(authorizationUrl(server.origin, clientId, challenge, overrides), {
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (location) return `sent to ${location}`;
      expect(response.status).toBe(400);
      return /<code>([a-z_]+)<\/code>/.exec(await response.text())?.[1];
    };
    // With open registration a client's redirect is anyone's: a refused request is not forwarded there.
    expect(await refusal({ code_challenge: null, code_challenge_method: null })).toBe('invalid_request');
    expect(await refusal({ code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await refusal({ resource: 'https://elsewhere.example.com/mcp' })).toBe('invalid_target');
    expect(await refusal({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await refusal({ prompt: 'none' })).toBe('login_required');
    expect(await refusal({ redirect_uri: 'https://evil.example.com/callback' })).toBe('invalid_redirect_uri');
  });

  it('registration refuses redirect URIs that are not web addresses', async () => {
    for (const redirect of ['javascript:alert(1)', 'not a url']) {
      const refused = await registerClient(server.origin, { redirect_uris: [redirect] });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(/^invalid_(redirect_uri|client_metadata)$/);
    }
  });
});

describe('consent', () => {
  it('belongs to the browser that began it: without its cookie, or with another browser’s, it is not found', async () => {
    const user = await mcpUser(server.origin);
    const { body: client } = await registerClient(server.origin);
    const mine = await begunConsent(String(client.client_id));
    const theirs = await begunConsent(String(client.client_id));
    for (const [jar, uid] of [
      [new CookieJar(), mine.uid],
      [theirs.jar, mine.uid],
    ] as const) {
      for (const procedure of ['oauth.consent.get', 'oauth.consent.decide'] as const) {
        const answer = await consentCall(server.origin, jar, user.session, procedure, { uid, allow: true });
        expect(answer.body.error?.json.data.code).toBe('NOT_FOUND');
      }
    }
    expect((await user.client.oauth.grants.list.query()).items).toEqual([]);
    const shown = await consentCall(server.origin, mine.jar, user.session, 'oauth.consent.get', { uid: mine.uid });
    expect(shown.body.result?.data.json).toMatchObject({ clientName: 'Raw Agent', scopes: ALL_SCOPES });
  });

  it('needs a signed-in user, and is answered once', async () => {
    const user = await mcpUser(server.origin);
    const { body: client } = await registerClient(server.origin);
    const { jar, uid } = await begunConsent(String(client.client_id));
    const signedOut = await consentCall(server.origin, jar, 'not-a-session', 'oauth.consent.get', { uid });
    expect(signedOut.body.error?.json.data.code).toBe('UNAUTHORIZED');
    const first = await consentCall(server.origin, jar, user.session, 'oauth.consent.decide', { uid, allow: true });
    expect(first.body.result?.data.json.redirectTo).toEqual(expect.stringContaining('/oauth/authorize/'));
    const again = await consentCall(server.origin, jar, user.session, 'oauth.consent.decide', { uid, allow: false });
    expect(again.body.error?.json.data.code).toBe('NOT_FOUND');
  });

  it('refused, sends the client access_denied and grants nothing', async () => {
    const user = await mcpUser(server.origin);
    const { body: client } = await registerClient(server.origin);
    const { challenge } = pkcePair();
    const url = authorizationUrl(server.origin, String(client.client_id), challenge);
    const { back } = await answerConsent(server.origin, user.session, url, false);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('the-state');
    expect(back.searchParams.get('code')).toBeNull();
    expect((await user.client.oauth.grants.list.query()).items).toEqual([]);
  });

  it('is asked every time: a client that connects again is answered by whoever is signed in, and replaces its connection', async () => {
    const ada = await mcpUser(server.origin);
    const bob = await mcpUser(server.origin);
    await ada.client.tasks.create.mutate({ title: 'Ada’s errand' });
    await bob.client.tasks.create.mutate({ title: 'Bob’s errand' });
    const { body: client } = await registerClient(server.origin);
    const clientId = String(client.client_id);
    const { verifier, challenge } = pkcePair();
    const url = () => authorizationUrl(server.origin, clientId, challenge);
    const codeOf = (back: URL) => back.searchParams.get('code') ?? '';
    const exchange = (code: string) => exchangeCode(server.origin, { clientId, code, verifier });
    // Ada allows it; in the same browser, it asks again at once: the page is shown again.
    const first = await answerConsent(server.origin, ada.session, url(), true);
    const adasTokens = (await exchange(codeOf(first.back))).body;
    const again = await browserGet(first.jar, url().href);
    expect(consentUid(again.headers.get('location'))).not.toBe(first.uid);
    const second = await answerConsentIn(first.jar, again, ada.session);
    const renewed = (await exchange(codeOf(second))).body;
    // One connection: the new one; the old one's tokens are over.
    expect((await ada.client.oauth.grants.list.query()).items).toHaveLength(1);
    await expectInvalidToken(adasTokens.access_token);
    expect((await toolNames(renewed.access_token ?? '')).status).toBe(200);

    // Ada signs out of the web app and Bob signs in, in that same browser: the client's next request is Bob's to answer.
    const third = await browserGet(first.jar, url().href);
    const bobsCode = codeOf(await answerConsentIn(first.jar, third, bob.session));
    const bobsTokens = (await exchange(bobsCode)).body;
    const mcp = await MCP_CLIENTS['2025-11-25'](server.origin, bobsTokens.access_token ?? '');
    const listed = structured<{ tasks: { title: string }[] }>(await mcp.callTool('list_tasks', {}));
    await mcp.close();
    expect(listed.tasks.map((task) => task.title)).toEqual(['Bob’s errand']);
    expect((await bob.client.oauth.grants.list.query()).items).toHaveLength(1);
    expect((await ada.client.oauth.grants.list.query()).items).toHaveLength(1);
  });

  it('ids that are not the server’s are refused by the schema', async () => {
    const user = await mcpUser(server.origin);
    for (const uid of ['', 'x'.repeat(201), '../etc', 'a b']) {
      const answer = await consentCall(server.origin, new CookieJar(), user.session, 'oauth.consent.get', { uid });
      expect(answer.body.error?.json.data.code).toBe('BAD_REQUEST');
    }
  });
});

describe('connected apps', () => {
  it('disconnecting ends the client’s access and refresh tokens at once', async () => {
    const user = await mcpUser(server.origin);
    const { clientId, tokens } = await connectRawClient(server.origin, user.session);
    const [grant] = (await user.client.oauth.grants.list.query()).items;
    expect(await user.client.oauth.grants.revoke.mutate({ id: grant?.id ?? '' })).toEqual({ id: grant?.id });
    await expectInvalidToken(tokens.access_token);
    expect(await refreshTokens(server.origin, clientId, tokens.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await user.client.oauth.grants.list.query()).items).toEqual([]);
  });

  it('another user cannot see, disconnect or use a user’s connection, and its token sees only its user’s tasks', async () => {
    const ada = await mcpUser(server.origin);
    const bob = await mcpUser(server.origin);
    await ada.client.tasks.create.mutate({ title: 'Ada’s task' });
    await bob.client.tasks.create.mutate({ title: 'Bob’s task' });
    const { tokens } = await connectRawClient(server.origin, ada.session);
    const [grant] = (await ada.client.oauth.grants.list.query()).items;
    expect((await bob.client.oauth.grants.list.query()).items).toEqual([]);
    await expect(bob.client.oauth.grants.revoke.mutate({ id: grant?.id ?? '' })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
    const mcp = await MCP_CLIENTS['2026-07-28'](server.origin, tokens.access_token ?? '');
    const listed = structured<{ tasks: { title: string }[] }>(await mcp.callTool('list_tasks', {}));
    expect(listed.tasks.map((task) => task.title)).toEqual(['Ada’s task']);
    await mcp.close();
    expect((await ada.client.oauth.grants.list.query()).items).toHaveLength(1);
  });

  it('deleting the account deletes its connections: their tokens stop working', async () => {
    const user = await mcpUser(server.origin);
    const { id } = await user.client.auth.me.query();
    const { tokens } = await connectRawClient(server.origin, user.session);
    await user.client.auth.deleteAccount.mutate({ password: TEST_PASSWORD });
    expect((await toolNames(tokens.access_token ?? '')).status).toBe(401);
    const left = await server.db.orm.em
      .getConnection()
      .execute<{ count: string }[]>(`select count(*) as count from oauth_records where payload->>'accountId' = ?`, [
        id,
      ]);
    expect(left[0]?.count).toBe('0');
  });
});
