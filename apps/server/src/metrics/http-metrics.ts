import { counter, histogram } from '@taskchat/api';
import type { FastifyInstance } from 'fastify';

const requests = counter({
  name: 'taskchat_http_requests_total',
  help: 'HTTP requests answered, by method, route (the matched pattern; unmatched for a 404 of no route) and status code',
  labelNames: ['method', 'route', 'status_code'],
});

const duration = histogram({
  name: 'taskchat_http_request_duration_seconds',
  help: 'From a request received to its answer sent (a stream: to its end), by method, route and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/** The methods a label may hold; any other (Node parses dozens) is `other`, so a client cannot add series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every answer of `app`. The route is the pattern that matched (`/trpc/:path`),
 * never the URL, so the labels come from the code's routes: a bounded set.
 */
export function observeHttpRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: METHODS.has(request.method) ? request.method : 'other',
      route: request.routeOptions.url ?? 'unmatched',
      status_code: reply.statusCode,
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}
