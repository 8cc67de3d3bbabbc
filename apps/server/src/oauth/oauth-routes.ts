import { type ApiDeps, admitOAuthRequest, MCP_SCOPES, toHttpAnswer, toTRPCError } from '@taskchat/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { renderOAuthError } from './oauth-error-page.ts';
import { OAUTH_ROUTES } from './oauth-provider.ts';

/** The largest client registration read (an MCP client's is well under 2 KiB). */
const REGISTRATION_BODY_LIMIT = 16_384;

/**
 * The path as oidc-provider's router matches it: ASCII letters in any case, one trailing slash
 * left out. The limits below match the same way, so `/OAuth/Register/` cannot pass them by.
 */
function routedPath(url: string): string {
  const path = (url.split('?')[0] ?? '').replace(/[a-z]+/g, (letters) => letters.toUpperCase());
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

const REGISTRATION_PATH = routedPath(OAUTH_ROUTES.registration);
const AUTHORIZATION_PATH = routedPath(OAUTH_ROUTES.authorization);

/**
 * The OAuth server's failures as the rest of the API answers them: logged once, an outage a 503
 * with Retry-After (a client tries again), anything else oidc-provider's own 500 `server_error`.
 */
function answerOwnFailures(provider: Provider, deps: ApiDeps): void {
  // oidc-provider answers each failure itself and says so in this event; the answer is amended after.
  const failures = new WeakMap<object, unknown>();
  provider.on('server_error', (ctx, error) => failures.set(ctx, error));
  provider.use(async (ctx, next) => {
    await next();
    if (!failures.has(ctx)) return;
    const answer = toHttpAnswer(toTRPCError(failures.get(ctx), deps, { what: 'OAuth request', path: ctx.path }));
    if (answer.status !== 503) return;
    ctx.status = 503;
    if (answer.retryAfterSeconds !== null) ctx.set('retry-after', String(answer.retryAfterSeconds));
    ctx.body = { error: 'temporarily_unavailable', error_description: answer.message };
  });
}

/**
 * An authorization request refused before anyone was asked (a bad scope, no PKCE, another
 * resource) is answered with the error page, not sent to the client's redirect: with open
 * registration that redirect is anyone's, and Taskchat's address must not forward to it. The
 * person's own Deny still goes back to the client (it leaves from the resume route).
 */
function showRefusedAuthorizations(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'authorization' || ctx.status !== 303) return;
    const location = new URL(ctx.response.get('location'), 'http://x');
    const answer = location.searchParams.has('error')
      ? location.searchParams
      : new URLSearchParams(location.hash.slice(1));
    const error = answer.get('error');
    if (!error) return;
    ctx.remove('location');
    ctx.status = 400;
    renderOAuthError(ctx, { error, error_description: answer.get('error_description') ?? error });
  });
}

/** A refusal of ours before oidc-provider reads the request, in OAuth's words. */
function refuse(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).send({ error, error_description: description });
}

/**
 * The OAuth server beside /mcp: its metadata (RFC 8414, and OpenID discovery, the same document),
 * its endpoints under /oauth, and the protected resource's metadata (RFC 9728) naming it. oidc-provider
 * reads its own bodies, so Fastify hands it the untouched request, once the open endpoints' limits
 * pass: registrations (each stores a client) and authorization requests (each a consent) per address.
 */
export async function registerOAuthRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  provider: Provider,
  settings: { issuer: string; resource: string; registrationsPerHour: number; authorizationsPerMinute: number },
): Promise<void> {
  answerOwnFailures(provider, deps);
  showRefusedAuthorizations(provider);
  const callback = provider.callback();
  const issuer = new URL(settings.issuer);
  const handOver = (request: FastifyRequest, reply: FastifyReply) => {
    // oidc-provider writes its addresses (the metadata's endpoints, a consent's resume) from the request's
    // host and protocol: they are PUBLIC_URL's, whatever Host a request names or a proxy forwards.
    request.raw.headers['x-forwarded-host'] = issuer.host;
    request.raw.headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
    reply.hijack();
    callback(request.raw, reply.raw);
  };

  const registrations = { what: 'client registrations', max: settings.registrationsPerHour, per: 'hour' } as const;
  const authorizations = {
    what: 'authorization requests',
    max: settings.authorizationsPerMinute,
    per: 'minute',
  } as const;

  const resourceMetadata = {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: MCP_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'Taskchat',
  };
  // The path form names the resource (`/mcp`); the bare one is where older clients look first.
  for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
    app.get(path, (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(resourceMetadata));
  }

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all('/oauth/*', async (request, reply) => {
      const path = routedPath(request.url);
      const registering = request.method === 'POST' && path === REGISTRATION_PATH;
      const limit = registering ? registrations : path === AUTHORIZATION_PATH ? authorizations : null;
      if (registering) {
        // A registration's length is known before it is read, and bounds what is stored.
        const length = Number(request.headers['content-length'] ?? Number.NaN);
        if (!(length <= REGISTRATION_BODY_LIMIT)) {
          const description = `A registration is sent with its Content-Length, at most ${REGISTRATION_BODY_LIMIT} bytes`;
          return refuse(reply, Number.isNaN(length) ? 411 : 413, 'invalid_request', description);
        }
      }
      if (limit) {
        try {
          await admitOAuthRequest(deps.db, request.ip, limit);
        } catch (error) {
          const answer = toHttpAnswer(toTRPCError(error, deps, { what: 'OAuth request', path: request.url }));
          if (answer.retryAfterSeconds !== null) void reply.header('retry-after', String(answer.retryAfterSeconds));
          const code = answer.status === 429 ? 'too_many_requests' : 'temporarily_unavailable';
          return refuse(reply, answer.status, code, answer.message);
        }
      }
      handOver(request, reply);
    });
    scope.get('/.well-known/openid-configuration', handOver);
    // RFC 8414's address for the same metadata.
    scope.get('/.well-known/oauth-authorization-server', (request, reply) => {
      request.raw.url = '/.well-known/openid-configuration';
      handOver(request, reply);
    });
  });
}
