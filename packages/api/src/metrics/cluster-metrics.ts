import { AggregatorRegistry } from 'prom-client';
import { type MetricsText, metricsRegistry } from './registry.ts';

/**
 * In a worker of a cluster: answers the primary's requests for this process's metrics
 * (prom-client's own messages on the IPC channel, `type: 'prom-client:getMetricsReq'`), with
 * `metricsRegistry` rather than prom-client's global registry.
 */
export function shareMetricsWithPrimary(): void {
  AggregatorRegistry.setRegistries([metricsRegistry]);
  // Setting the registries adds no listener: the first AggregatorRegistry a process builds does.
  void new AggregatorRegistry();
}

let aggregator: AggregatorRegistry<typeof metricsRegistry.contentType> | undefined;

/**
 * In a cluster's primary: every connected worker's metrics, merged by name and labels (counters
 * and histograms summed, gauges by each one's `aggregator`). Rejects when a worker fails to
 * answer within prom-client's 5 s: a scrape then fails rather than leave a worker out.
 */
export async function clusterMetricsText(): Promise<MetricsText> {
  aggregator ??= new AggregatorRegistry();
  return { contentType: aggregator.contentType, body: await aggregator.clusterMetrics() };
}
