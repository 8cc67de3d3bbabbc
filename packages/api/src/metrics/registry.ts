import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  type Metric,
  Registry,
} from 'prom-client';

/**
 * The process's metrics (docs/metrics.md): what every part of the API and the server observes, in
 * one registry of its own, so nothing a library registers in prom-client's global one is exposed
 * by accident. Every metric is the process's, not one server's: the servers a test builds in one
 * process count into the same series (tests compare before and after).
 */
export const metricsRegistry = new Registry();

/** The metric already registered under `name`, else `make()`'s: a metric defined again is the same one (prom-client would throw). */
function once<M extends Metric>(name: string, make: () => M): M {
  return (metricsRegistry.getSingleMetric(name) as M | undefined) ?? make();
}

export function counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return once(config.name, () => new Counter({ ...config, registers: [metricsRegistry] }));
}

export function histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return once(config.name, () => new Histogram({ ...config, registers: [metricsRegistry] }));
}

/**
 * A gauge says how a cluster's primary merges its workers' values (docs/metrics.md): `sum` for
 * what adds up across processes (connections, streams), `max`, `min`, `average` or `first` otherwise.
 */
export function gauge<L extends string>(
  config: Omit<GaugeConfiguration<L>, 'registers'> & Required<Pick<GaugeConfiguration<L>, 'aggregator'>>,
): Gauge<L> {
  return once(config.name, () => new Gauge({ ...config, registers: [metricsRegistry] }));
}

/**
 * Node's and the process's own metrics (`process_*`, `nodejs_*`: CPU, memory, event loop lag, GC,
 * handles), from the first exposure on; a process that never exposes its metrics does not measure these.
 */
export function collectProcessMetrics(): void {
  if (metricsRegistry.getSingleMetric('process_cpu_seconds_total')) return;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** An exposition in Prometheus text format and its content type, as /metrics answers it. */
export interface MetricsText {
  contentType: string;
  body: string;
}

/** This process's exposition (a cluster's is its workers' merged: cluster-metrics.ts). */
export async function metricsText(): Promise<MetricsText> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** Seconds since `started` (a `performance.now()`), as histograms take durations. */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;
