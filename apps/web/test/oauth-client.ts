import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  authorizationUrl,
  exchangeCode as exchangeOAuthCode,
  pkcePair,
  registerClient as registerOAuthClient,
} from '@taskchat/server/oauth-testing';

/**
 * The MCP client's side of an OAuth sign-in, as the consent page's tests play it: a loopback
 * address the browser comes back to, and the server tests' registration, authorization URL with
 * PKCE and code exchange (`@taskchat/server/oauth-testing`) shaped for a client with its own redirect.
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
  const { status, body } = await registerOAuthClient(origin, { client_name: name, redirect_uris: [redirectUri] });
  if (status !== 201) throw new Error(`registration: HTTP ${status} ${JSON.stringify(body)}`);
  return String(body.client_id);
}

/** One authorization request: where to send the browser, and the PKCE verifier its code must be exchanged with. */
export interface Authorization {
  url: string;
  verifier: string;
  state: string;
}

/** An authorization request for `scopes` on the server's /mcp (code, PKCE S256, `resource`). */
export function authorization(
  origin: string,
  client: { id: string; redirectUri: string },
  scopes: string[],
): Authorization {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const url = authorizationUrl(origin, client.id, challenge, {
    redirect_uri: client.redirectUri,
    scope: scopes.join(' '),
    state,
  });
  return { url: url.href, verifier, state };
}

/** Trades the code for tokens (`POST /oauth/token`); the response's status and body. */
export async function exchangeCode(
  origin: string,
  client: { id: string; redirectUri: string },
  code: string,
  verifier: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return await exchangeOAuthCode(origin, { clientId: client.id, code, verifier, redirectUri: client.redirectUri });
}
