import cluster from 'node:cluster';
import { collectProcessMetrics, metricsText, shareMetricsWithPrimary } from '@taskchat/api';
import type { FastifyInstance } from 'fastify';
import { clusterMetricsFromPrimary } from '../cluster/metrics-requests.ts';
import type { ServerConfig } from '../config.ts';
import { type MetricsListener, startMetricsListener } from './metrics-listener.ts';
import { registerMetricsRoute } from './metrics-route.ts';

/**
 * Where /metrics is served (docs/metrics.md): on a listener of its own when METRICS_PORT is set
 * (started with the server, failing its start when the port is taken, closed with it), on the
 * main port behind a bearer token when METRICS_TOKEN is set, both, or (the default) nowhere: the
 * main port's /metrics is then a 404 like any unknown path.
 *
 * In a worker of a cluster (WEB_CONCURRENCY > 1) the primary serves METRICS_PORT, merging every
 * worker's metrics (cluster/primary.ts): a worker's own listener would share the port through the
 * primary, each scrape landing on some one worker. The main port's /metrics asks the primary too.
 */
export function exposeMetrics(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>,
): void {
  const { METRICS_PORT: port, METRICS_TOKEN: token } = config;
  if (port === undefined && token === undefined) return;
  collectProcessMetrics();
  if (cluster.isWorker) {
    shareMetricsWithPrimary();
    if (token !== undefined) registerMetricsRoute(app, token, clusterMetricsFromPrimary);
    return;
  }
  if (token !== undefined) registerMetricsRoute(app, token, metricsText);
  if (port === undefined) return;
  let listener: MetricsListener | undefined;
  app.addHook('onReady', async () => {
    listener = await startMetricsListener({ host: config.METRICS_HOST, port }, metricsText);
    app.log.info({ address: listener.address }, 'metrics served on their own port');
  });
  app.addHook('onClose', async () => {
    await listener?.close();
  });
}
