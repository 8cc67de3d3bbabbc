import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsText } from '@taskchat/api';

/** A listener of its own for /metrics: its address, and `close`. */
export interface MetricsListener {
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and HEAD) with what `source` gives, on its own port (METRICS_PORT, on
 * METRICS_HOST), and nothing else: any other path is 404, another method 405. Apart from the
 * public port, so a firewall or a private interface keeps it from the internet. `source` is this
 * process's metrics, or, for a cluster's primary, its workers' merged; when it fails (a worker
 * missing), the scrape is a 503.
 */
export async function startMetricsListener(
  where: { host: string; port: number },
  source: () => Promise<MetricsText>,
): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    source().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(503, { 'content-type': 'text/plain' }).end('Metrics unavailable\n'),
    );
  });
  // A scraper sends one small request: slow or idle connections are not kept.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
