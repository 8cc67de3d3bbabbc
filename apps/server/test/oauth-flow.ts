import { createHash, randomBytes } from 'node:crypto';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpTestClient, ProtocolRevision, ToolAnswer } from './mcp-clients.ts';

/** Where the test's MCP client says the browser comes back to (nothing listens: the test reads the redirect). */
export const REDIRECT_URL = 'http://127.0.0.1:1/callback';

/**
 * The MCP client's side of OAuth, kept in memory, as both SDKs' `OAuthClientProvider` asks: its
 * registration, PKCE verifier and tokens, and the authorization URL it would open in a browser.
 */
export class TestOAuthProvider {
  clientInfo: Record<string, unknown> | undefined;
  savedTokens: { access_token: string; refresh_token?: string; scope?: string } | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  readonly redirectUrl: string;

  /** `redirectUrl`: where the browser comes back to (a real page when a real browser answers the consent). */
  constructor(redirectUrl = REDIRECT_URL) {
    this.redirectUrl = redirectUrl;
  }

  get clientMetadata() {
    return {
      client_name: 'Test Agent',
      client_uri: 'https://agent.example.com',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.clientInfo as never;
  }

  saveClientInformation(info: Record<string, unknown>) {
    this.clientInfo = info;
  }

  tokens() {
    return this.savedTokens as never;
  }

  saveTokens(tokens: { access_token: string; refresh_token?: string }) {
    this.savedTokens = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }
}

/** A browser's cookies for one origin (every cookie sent to every path: enough for these tests). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A GET as a browser sends it, not following redirects: the jar's cookies go and come back. */
export async function browserGet(jar: CookieJar, url: string): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(response);
  return response;
}

/** A tRPC answer in its wire form (superjson's `json`). */
export interface ConsentAnswer {
  result?: { data: { json: Record<string, unknown> } };
  error?: { json: { data: { code: string } } };
}

/** A tRPC call as the web app's consent page makes it: the session's bearer token and the browser's cookies. */
export async function consentCall(
  origin: string,
  jar: CookieJar,
  session: string,
  procedure: 'oauth.consent.get' | 'oauth.consent.decide',
  input: Record<string, unknown>,
): Promise<{
  status: number;
  body: { result?: { data: { json: Record<string, unknown> } }; error?: { json: { data: { code: string } } } };
}> {
  const headers = { authorization: `Bearer ${session}`, cookie: jar.header(), 'content-type': 'application/json' };
  const payload = JSON.stringify({ json: input });
  const response =
    procedure === 'oauth.consent.get'
      ? await fetch(`${origin}/trpc/${procedure}?input=${encodeURIComponent(payload)}`, { headers })
      : await fetch(`${origin}/trpc/${procedure}`, { method: 'POST', headers, body: payload });
  return { status: response.status, body: (await response.json()) as ConsentAnswer };
}

/** The consent's uid from where the OAuth server sent the browser: `/#/oauth/consent/<uid>`. */
export function consentUid(location: string | null): string {
  const uid = /#\/oauth\/consent\/([A-Za-z0-9_-]+)$/.exec(location ?? '')?.[1];
  if (!uid) throw new Error(`Not a consent page: ${location}`);
  return uid;
}

/** Follows the OAuth server's redirects until the browser is sent back to the client; that URL. */
export async function followToClient(jar: CookieJar, origin: string, url: string): Promise<URL> {
  let next = new URL(url, origin);
  for (let hop = 0; hop < 5; hop++) {
    if (next.origin !== origin) return next;
    const response = await browserGet(jar, next.href);
    const location = response.headers.get('location');
    if (!location) throw new Error(`No redirect from ${next.href}: ${response.status} ${await response.text()}`);
    next = new URL(location, next);
  }
  throw new Error('Too many redirects');
}

/**
 * A person in a browser, signed in to the web app with `session`, answering the consent the
 * client's authorization URL leads to: the URL the browser is then sent back to (code or error).
 */
export async function answerConsent(origin: string, session: string, authorizationUrl: URL, allow: boolean) {
  const jar = new CookieJar();
  const start = await browserGet(jar, authorizationUrl.href);
  const uid = consentUid(start.headers.get('location'));
  const shown = await consentCall(origin, jar, session, 'oauth.consent.get', { uid });
  const decided = await consentCall(origin, jar, session, 'oauth.consent.decide', { uid, allow });
  const redirectTo = decided.body.result?.data.json.redirectTo;
  if (typeof redirectTo !== 'string') throw new Error(`Not decided: ${JSON.stringify(decided.body)}`);
  return { shown: shown.body.result?.data.json, back: await followToClient(jar, origin, redirectTo), jar, uid };
}

/** An MCP client of either SDK that signs in with OAuth through `provider`: connecting runs the flow. */
export async function oauthMcpClient(
  revision: ProtocolRevision,
  origin: string,
  provider: TestOAuthProvider,
  answer: (authorizationUrl: URL) => Promise<URL>,
): Promise<McpTestClient> {
  const url = new URL(`${origin}/mcp`);
  const connectModern = async () => {
    const client = new ModernClient(
      { name: 'taskchat-test', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new ModernTransport(url, { authProvider: provider as never }));
    return { client, protocolVersion: client.getNegotiatedProtocolVersion() };
  };
  const connectLegacy = async () => {
    const client = new LegacyClient({ name: 'taskchat-test', version: '1.0.0' });
    const transport = new LegacyTransport(url, { authProvider: provider as never });
    await client.connect(transport);
    return { client, protocolVersion: transport.protocolVersion };
  };
  const connect = revision === '2026-07-28' ? connectModern : connectLegacy;
  const finish = async (back: URL) => {
    if (revision === '2026-07-28')
      await new ModernTransport(url, { authProvider: provider as never }).finishAuth(back.searchParams);
    else
      await new LegacyTransport(url, { authProvider: provider as never }).finishAuth(
        back.searchParams.get('code') ?? '',
      );
  };
  let connected: Awaited<ReturnType<typeof connect>>;
  try {
    connected = await connect();
  } catch (error) {
    if (!provider.authorizationUrl) throw error;
    await finish(await answer(provider.authorizationUrl));
    connected = await connect();
  }
  const { client, protocolVersion } = connected;
  return {
    protocolVersion,
    listTools: () => client.listTools() as ReturnType<McpTestClient['listTools']>,
    callTool: (name, args) => client.callTool({ name, arguments: args }) as Promise<ToolAnswer>,
    close: () => client.close(),
  };
}

/** Registers a public client (RFC 7591) the way an MCP client does; the answer as JSON, with its status. */
export async function registerClient(origin: string, metadata: Record<string, unknown> = {}) {
  const response = await fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Raw Agent',
      redirect_uris: [REDIRECT_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, string>,
  };
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization request's URL: code flow with PKCE, for /mcp, with what `overrides` changes (null: left out). */
export function authorizationUrl(
  origin: string,
  clientId: string,
  challenge: string,
  overrides: Record<string, string | null> = {},
): URL {
  const url = new URL(`${origin}/oauth/authorize`);
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URL,
    scope: 'tasks:read tasks:write conversations:read',
    state: 'the-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: `${origin}/mcp`,
    ...overrides,
  };
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url;
}

/** A token request (authorization_code or refresh_token grant); the answer as JSON, with its status. */
export async function tokenRequest(origin: string, params: Record<string, string>) {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Trades a code for tokens (the `authorization_code` grant, with its PKCE verifier, for /mcp); `overrides` changes a parameter. */
export async function exchangeCode(
  origin: string,
  exchange: { clientId: string; code: string; verifier: string; redirectUri?: string },
  overrides: Record<string, string> = {},
) {
  return await tokenRequest(origin, {
    grant_type: 'authorization_code',
    client_id: exchange.clientId,
    code: exchange.code,
    code_verifier: exchange.verifier,
    redirect_uri: exchange.redirectUri ?? REDIRECT_URL,
    resource: `${origin}/mcp`,
    ...overrides,
  });
}

/** Refreshes `clientId`'s tokens with `refreshToken` (the `refresh_token` grant). */
export async function refreshTokens(origin: string, clientId: string, refreshToken: string | undefined) {
  return await tokenRequest(origin, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken ?? '',
  });
}

/**
 * The whole flow without an SDK: register, consent as `session`'s user (allowing `scope`), and
 * exchange the code; the client's id, the tokens, and the pieces a test reuses.
 */
export async function connectRawClient(
  origin: string,
  session: string,
  scope = 'tasks:read tasks:write conversations:read',
) {
  const { body: client } = await registerClient(origin);
  const clientId = String(client.client_id);
  const { verifier, challenge } = pkcePair();
  const { back } = await answerConsent(origin, session, authorizationUrl(origin, clientId, challenge, { scope }), true);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`No code: ${back.href}`);
  const tokens = await exchangeCode(origin, { clientId, code, verifier });
  if (tokens.status !== 200) throw new Error(`No tokens: ${JSON.stringify(tokens.body)}`);
  return { clientId, code, verifier, tokens: tokens.body };
}
