import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The app's pages load their own scripts and styles and talk to their own origin, nothing else. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The build's own record of its modules and sizes: for the build's tests, not for browsers. */
const PRIVATE_FILES = new Set(['/build-report.json']);

/**
 * The web app (`apps/web`'s build) at `/`, same origin as the API. Hashed assets are cached for
 * good; `index.html` is revalidated, so a new build is picked up at the next load. True when it is served.
 */
export async function registerWebApp(app: FastifyInstance, root: string | null): Promise<boolean> {
  if (root === null) return false;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web app is not built; `scripts/pnpm start` builds it before serving');
    app.get('/', (_request, reply) =>
      reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: `scripts/pnpm start` builds it, or `pnpm --filter @taskchat/web build`.\n'),
    );
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    cacheControl: false,
    dotfiles: 'deny',
    allowedPath: (pathName) => !PRIVATE_FILES.has(pathName),
    setHeaders: (reply, path) => {
      const hashed = path.startsWith(join(root, 'assets', '/'));
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      if (path.endsWith('.html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
  return true;
}
