import { collectProcessMetrics, type MetricsText, metricsText } from '@taskchat/api';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { type MetricsListener, startMetricsListener } from './metrics-listener.ts';
import { registerMetricsRoute } from './metrics-route.ts';

/**
 * Where /metrics is served (docs/metrics.md): on a listener of its own when METRICS_PORT is set
 * (started with the server, failing its start when the port is taken, closed with it), on the
 * main port behind a bearer token when METRICS_TOKEN is set, both, or (the default) nowhere: the
 * main port's /metrics is then a 404 like any unknown path. `source` is what is served (a
 * cluster's primary would pass its workers' merged metrics).
 */
export function exposeMetrics(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>,
  source: () => Promise<MetricsText> = metricsText,
): void {
  const { METRICS_PORT: port, METRICS_TOKEN: token } = config;
  if (port === undefined && token === undefined) return;
  collectProcessMetrics();
  if (token !== undefined) registerMetricsRoute(app, token, source);
  if (port === undefined) return;
  let listener: MetricsListener | undefined;
  app.addHook('onReady', async () => {
    listener = await startMetricsListener({ host: config.METRICS_HOST, port }, source);
    app.log.info({ address: listener.address }, 'metrics served on their own port');
  });
  app.addHook('onClose', async () => {
    await listener?.close();
  });
}
