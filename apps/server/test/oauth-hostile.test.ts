import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@taskchat/db';
import { startRestartableServer, waitForFreshRateWindow } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { describe, expect, it } from 'vitest';
import { mcpUser, postMcp } from './mcp-clients.ts';
import {
  answerConsent,
  authorizationUrl,
  browserGet,
  CookieJar,
  connectRawClient,
  consentCall,
  consentUid,
  exchangeCode,
  pkcePair,
  REDIRECT_URL,
  refreshTokens,
  registerClient,
} from './oauth-flow.ts';
import { startServer, useServer } from './server-harness.ts';

const form = (params: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
});
const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
const huge = 'x'.repeat(70_000);

describe('hostile requests to the OAuth server', () => {
  const server = useServer({
    PUBLIC_URL: 'self',
    OAUTH_REGISTRATIONS_PER_HOUR: '0',
    OAUTH_AUTHORIZATIONS_PER_MINUTE: '0',
  });

  it('are refused with a 4xx, never a 5xx or a stack trace, and the server goes on serving', async () => {
    const { body: client } = await registerClient(server.origin);
    const clientId = String(client.client_id);
    const { challenge } = pkcePair();
    const authorize = (params: string) => `/oauth/authorize?${params}`;
    const probes: [string, RequestInit?][] = [
      ['/oauth/register', json('{not json')],
      ['/oauth/register', json('[]')],
      ['/oauth/register', json('{}')],
      ['/oauth/register', json(JSON.stringify({ redirect_uris: 'https://a.example.com/cb' }))],
      ['/oauth/register', json(JSON.stringify({ redirect_uris: [REDIRECT_URL], client_name: { $ne: 1 } }))],
      ['/oauth/register', json(JSON.stringify({ redirect_uris: [REDIRECT_URL], grant_types: ['client_credentials'] }))],
      ['/oauth/register', json(JSON.stringify({ redirect_uris: [REDIRECT_URL], client_name: huge }))],
      ['/oauth/register', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
      ['/oauth/register', form({ redirect_uris: REDIRECT_URL })],
      ['/oauth/register', { method: 'POST' }],
      // A lone surrogate in a name, a NUL in a key: PostgreSQL's JSON holds neither.
      ['/oauth/register', json('{"redirect_uris":["http://127.0.0.1:1/callback"],"client_name":"a\\ud800b"}')],
      [
        '/oauth/register',
        json('{"redirect_uris":["http://127.0.0.1:1/callback"],"jwks":{"keys":[{"kty":"EC","a\\u0000b":1}]}}'),
      ],
      ['/oauth/register', json('{"redirect_uris":["http://127.0.0.1:1/callback"],"client_name":"\\u0000\\ud83d"}')],
      ['/oauth/token', form({})],
      ['/oauth/token', form({ grant_type: 'password', username: 'a', password: 'b', client_id: clientId })],
      ['/oauth/token', form({ grant_type: 'client_credentials', client_id: clientId })],
      ['/oauth/token', form({ grant_type: 'authorization_code', client_id: clientId, code: huge.slice(0, 40_000) })],
      [
        '/oauth/token',
        form({ grant_type: 'authorization_code', client_id: clientId, code: '🙂', code_verifier: '🙂' }),
      ],
      ['/oauth/token', form({ grant_type: 'refresh_token', client_id: 'no-such-client', refresh_token: 'x' })],
      ['/oauth/token', form({ grant_type: 'refresh_token', client_id: clientId, refresh_token: "' or 1=1 --" })],
      ['/oauth/token', json(JSON.stringify({ grant_type: 'authorization_code', client_id: clientId }))],
      ['/oauth/token', form({ grant_type: 'authorization_code', client_id: clientId, code: huge })],
      ['/oauth/revoke', form({ token: huge.slice(0, 30_000), client_id: clientId })],
      ['/oauth/revoke', form({})],
      [
        '/oauth/token',
        form({ grant_type: 'authorization_code', client_id: clientId, code: 'a\u0000b', code_verifier: 'x' }),
      ],
      ['/oauth/token', form({ grant_type: 'refresh_token', client_id: `${clientId}\u0000`, refresh_token: '\u0000' })],
      ['/oauth/revoke', form({ token: '\u0000', client_id: clientId })],
      [authorize(`client_id=%00&response_type=code`)],
      ['/oauth/authorize/%00'],
      [authorize('')],
      [authorize('client_id=no-such-client&response_type=code')],
      [authorize(`client_id=${'x'.repeat(10_000)}&response_type=code`)],
      [authorize(`client_id=${clientId}&client_id=${clientId}&response_type=code`)],
      [
        authorize(
          `client_id=${clientId}&response_type=code&code_challenge=${challenge}&code_challenge_method=S256&scope=${huge.slice(0, 5_000)}`,
        ),
      ],
      [
        authorize(
          `client_id=${clientId}&response_type=code&code_challenge=${challenge}&code_challenge_method=S256&resource=not-a-url`,
        ),
      ],
      [authorize(`client_id=${clientId}&response_type=code&redirect_uri=javascript:alert(1)`)],
      ['/oauth/authorize/no-such-consent'],
      ['/oauth/authorize/no-such-consent', { method: 'POST' }],
      ['/oauth/userinfo'],
      ['/oauth/introspect', form({ token: 'x' })],
      ['/oauth/no-such-endpoint'],
      ['/oauth/register/no-such-client'],
    ];
    for (const [path, init] of probes) {
      const response = await fetch(`${server.origin}${path}`, { redirect: 'manual', ...init });
      const text = await response.text();
      expect(response.status, `${init?.method ?? 'GET'} ${path.slice(0, 80)}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    }
    expect(server.logs.join('\n')).not.toMatch(/"level":50/);
    expect((await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).status).toBe(200);
    expect((await registerClient(server.origin)).status).toBe(201);
  });

  it('a registration without its length, or longer than 16 KiB, is refused before it is read', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ redirect_uris: [REDIRECT_URL] })));
        controller.close();
      },
    });
    const chunked = await fetch(`${server.origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
    const long = await registerClient(server.origin, { client_name: 'x'.repeat(17_000) });
    expect(long).toMatchObject({ status: 413, body: { error: 'invalid_request' } });
  });

  it('a client name is shown cut to 100 characters, without control characters', async () => {
    const user = await mcpUser(server.origin);
    const named = await registerClient(server.origin, { client_name: `Evil\u0000\n${'A'.repeat(300)}` });
    expect(named.status).toBe(201);
    const jar = new CookieJar();
    const { challenge } = pkcePair();
    const start = await browserGet(jar, authorizationUrl(server.origin, String(named.body.client_id), challenge).href);
    const uid = consentUid(start.headers.get('location'));
    const shown = await consentCall(server.origin, jar, user.session, 'oauth.consent.get', { uid });
    expect(shown.body.result?.data.json.clientName).toBe(`Evil ${'A'.repeat(94)}…`);
  });
});

describe('the open endpoints are limited per address', () => {
  const server = useServer({
    PUBLIC_URL: 'self',
    OAUTH_REGISTRATIONS_PER_HOUR: '3',
    OAUTH_AUTHORIZATIONS_PER_MINUTE: '3',
  });

  it('past OAUTH_REGISTRATIONS_PER_HOUR a registration is 429 with Retry-After, however its path is written', async () => {
    await waitForFreshRateWindow(3_600_000);
    for (let i = 0; i < 3; i++) expect((await registerClient(server.origin)).status).toBe(201);
    const refused = await registerClient(server.origin);
    expect(refused).toMatchObject({ status: 429, body: { error: 'too_many_requests' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // oidc-provider routes these to registration too.
    for (const path of ['/oauth/register/', '/oauth/REGISTER', '/oauth/Register/?x=1']) {
      const body = JSON.stringify({ redirect_uris: [REDIRECT_URL], token_endpoint_auth_method: 'none' });
      const response = await fetch(`${server.origin}${path}`, json(body));
      expect(response.status, path).toBe(429);
      const long = await fetch(
        `${server.origin}${path}`,
        json(JSON.stringify({ redirect_uris: [REDIRECT_URL], client_name: huge })),
      );
      expect(long.status, path).toBe(413);
    }
    // Another case before /oauth is no route at all.
    expect((await fetch(`${server.origin}/OAuth/register`, json('{}'))).status).toBe(404);
    expect((await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).status).toBe(200);
  });

  it('past OAUTH_AUTHORIZATIONS_PER_MINUTE an authorization request is 429 before it begins a consent', async () => {
    await waitForFreshRateWindow(60_000);
    const { challenge } = pkcePair();
    const url = (path: string) =>
      authorizationUrl(server.origin, 'any-client', challenge).href.replace('/oauth/authorize', path);
    for (let i = 0; i < 3; i++) expect((await fetch(url('/oauth/authorize'), { redirect: 'manual' })).status).toBe(400);
    for (const path of ['/oauth/authorize', '/oauth/AUTHORIZE/', '/oauth/Authorize']) {
      const refused = await fetch(url(path), { redirect: 'manual' });
      expect(refused.status, path).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe('racing requests', () => {
  const server = useServer({ PUBLIC_URL: 'self', OAUTH_AUTHORIZATIONS_PER_MINUTE: '0' });

  it('one code exchanged three times at once gives tokens once; one refresh token, at most once', async () => {
    const user = await mcpUser(server.origin);
    const { body: client } = await registerClient(server.origin);
    const clientId = String(client.client_id);
    const { verifier, challenge } = pkcePair();
    const url = authorizationUrl(server.origin, clientId, challenge);
    const code = (await answerConsent(server.origin, user.session, url, true)).back.searchParams.get('code') ?? '';
    const exchange = () => exchangeCode(server.origin, { clientId, code, verifier });
    const exchanged = await Promise.all([exchange(), exchange(), exchange()]);
    expect(exchanged.map((answer) => answer.status).sort()).toEqual([200, 400, 400]);
    const refreshToken = exchanged.find((answer) => answer.status === 200)?.body.refresh_token ?? '';
    const refresh = () => refreshTokens(server.origin, clientId, refreshToken);
    // The losers present a used refresh token: a replay, which ends the grant (the winner's new tokens too).
    const refreshed = await Promise.all([refresh(), refresh(), refresh()]);
    expect(refreshed.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
    expect(refreshed.map((answer) => answer.body.error ?? 'ok')).toContain('invalid_grant');
    expect(refreshed.every((answer) => answer.status < 500)).toBe(true);
  });
});

describe('the OAuth server in a database outage', () => {
  it('answers 503 with Retry-After while PostgreSQL is down (registration, tokens, /mcp), and works again after', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_oauth_outage');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 4 } }));
    const running = await startServer(orm, { PUBLIC_URL: 'self' });
    try {
      const user = await mcpUser(running.origin);
      const { clientId, tokens } = await connectRawClient(running.origin, user.session);
      const refresh = () =>
        fetch(
          `${running.origin}/oauth/token`,
          form({ grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token ?? '' }),
        );

      await postgres.pause();
      for (const request of [
        () => refresh(),
        () => fetch(`${running.origin}/oauth/register`, json(JSON.stringify({ redirect_uris: [REDIRECT_URL] }))),
        () => postMcp(running.origin, tokens.access_token ?? '', { jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      ]) {
        const response = await request();
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
      }

      await postgres.resume();
      const deadline = Date.now() + 30_000;
      let response = await refresh();
      while (response.status === 503) {
        if (Date.now() > deadline) throw new Error('no answer within 30 s of PostgreSQL returning');
        await new Promise((resolve) => setTimeout(resolve, 200));
        response = await refresh();
      }
      expect(response.status).toBe(200);
    } finally {
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});
