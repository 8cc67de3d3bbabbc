import { type ApiDeps, admitClientRegistration, MCP_SCOPES, toHttpAnswer, toTRPCError } from '@taskchat/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';

/** The largest client registration read (an MCP client's is well under 2 KiB). */
const REGISTRATION_BODY_LIMIT = 16_384;

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
 * The OAuth server beside /mcp: its metadata (RFC 8414, and OpenID discovery, the same document),
 * its endpoints under /oauth, and the protected resource's metadata (RFC 9728) naming it. oidc-provider
 * reads its own bodies, so Fastify hands it the untouched request.
 */
export async function registerOAuthRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  provider: Provider,
  { issuer, resource, registrationsPerHour }: { issuer: string; resource: string; registrationsPerHour: number },
): Promise<void> {
  answerOwnFailures(provider, deps);
  const callback = provider.callback();
  const handOver = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    callback(request.raw, reply.raw);
  };

  const resourceMetadata = {
    resource,
    authorization_servers: [issuer],
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
    scope.all('/oauth/*', handOver);
    scope.post('/oauth/register', async (request, reply) => {
      // A registration is a few hundred bytes; its length is known before it is read, and bounds what is stored.
      const length = Number(request.headers['content-length'] ?? Number.NaN);
      if (!(length <= REGISTRATION_BODY_LIMIT)) {
        const status = Number.isNaN(length) ? 411 : 413;
        const description = `A registration is sent with its Content-Length, at most ${REGISTRATION_BODY_LIMIT} bytes`;
        return reply.code(status).send({ error: 'invalid_request', error_description: description });
      }
      try {
        await admitClientRegistration(deps.db, request.ip, registrationsPerHour);
      } catch (error) {
        const answer = toHttpAnswer(toTRPCError(error, deps, { what: 'client registration', path: request.url }));
        if (answer.retryAfterSeconds !== null) void reply.header('retry-after', String(answer.retryAfterSeconds));
        const code = answer.status === 429 ? 'too_many_requests' : 'temporarily_unavailable';
        return reply.code(answer.status).send({ error: code, error_description: answer.message });
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
