import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The MCP client's side of an OAuth sign-in, as the consent page's tests play it: a loopback
 * address the browser comes back to, dynamic registration, the authorization URL with PKCE, and
 * the code's exchange.
 */

/** Where the browser lands with the answer: a loopback page of the test's, answering 200 to anything. */
export async function startRedirectTarget(): Promise<{ uri: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Back in the app</title><p>You can close this tab.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, server };
}

/** Registers a public client (RFC 7591) named `name`; its `client_id`. */
export async function registerClient(origin: string, name: string, redirectUri: string): Promise<string> {
  const response = await fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (response.status !== 201) throw new Error(`registration: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { client_id: string }).client_id;
}

/** One authorization request: where to send the browser, and the PKCE verifier its code must be exchanged with. */
export interface Authorization {
  url: string;
  verifier: string;
  state: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** An authorization request for `scopes` on the server's /mcp (code, PKCE S256, `resource`). */
export function authorization(
  origin: string,
  client: { id: string; redirectUri: string },
  scopes: string[],
): Authorization {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const url = new URL('/oauth/authorize', origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: client.redirectUri,
    scope: scopes.join(' '),
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    resource: `${origin}/mcp`,
  }).toString();
  return { url: url.href, verifier, state };
}

/** Trades the code for tokens (`POST /oauth/token`); the response's status and body. */
export async function exchangeCode(
  origin: string,
  client: { id: string; redirectUri: string },
  code: string,
  verifier: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirectUri,
      client_id: client.id,
      code_verifier: verifier,
      resource: `${origin}/mcp`,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
