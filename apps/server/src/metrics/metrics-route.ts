import { createHash, timingSafeEqual } from 'node:crypto';
import type { MetricsText } from '@taskchat/api';
import type { FastifyInstance } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the Authorization header is `Bearer <token>`, compared in constant time (both sides
 * hashed first, so neither their contents nor the token's length shows in the timing).
 */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  return timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}

/**
 * `GET /metrics` on the main port, for METRICS_TOKEN: answered only to `Authorization: Bearer
 * <METRICS_TOKEN>`; anything else is a 401 that says no more. Metrics that cannot be collected
 * (a cluster's worker missing) are a 503, logged.
 */
export function registerMetricsRoute(app: FastifyInstance, token: string, source: () => Promise<MetricsText>): void {
  app.get('/metrics', async (request, reply) => {
    if (!hasMetricsToken(request.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain').send('Unauthorized\n');
    }
    let metrics: MetricsText;
    try {
      metrics = await source();
    } catch (error) {
      request.log.warn({ err: error }, 'metrics unavailable');
      return reply.code(503).type('text/plain').send('Metrics unavailable\n');
    }
    return reply.type(metrics.contentType).send(metrics.body);
  });
}
