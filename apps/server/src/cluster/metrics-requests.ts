import type { Worker } from 'node:cluster';
import type { MetricsText } from '@taskchat/api';

/**
 * A worker's request for the whole cluster's metrics (the main port's /metrics, METRICS_TOKEN,
 * lands on any one worker) and the primary's answer, on the IPC channel. Like the worker's other
 * messages (worker-messages.ts) each says it is ours: prom-client's own share the channel.
 */
type MetricsRequest = { taskchat: 'metrics-request'; id: number };
type MetricsAnswer =
  | { taskchat: 'metrics'; id: number; metrics: MetricsText }
  | { taskchat: 'metrics-unavailable'; id: number; reason: string };

/** Longer than the primary's own wait for its workers (prom-client's 5 s), so its answer, even a refusal, comes first. */
const ANSWER_TIMEOUT_MS = 10_000;

interface Pending {
  resolve: (metrics: MetricsText) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const pending = new Map<number, Pending>();
let nextId = 0;
let listening = false;

function settle(id: number): Pending | undefined {
  const request = pending.get(id);
  pending.delete(id);
  if (request) clearTimeout(request.timer);
  return request;
}

function heard(message: unknown): void {
  const answer = message as MetricsAnswer | null;
  if (answer?.taskchat !== 'metrics' && answer?.taskchat !== 'metrics-unavailable') return;
  // None pending: it came after the request's timeout.
  const request = settle(answer.id);
  if (answer.taskchat === 'metrics') request?.resolve(answer.metrics);
  else request?.reject(new Error(`The cluster's metrics are unavailable: ${answer.reason}`));
}

/** In a worker: every worker's metrics merged, as the primary collects them; rejects when it cannot. */
export function clusterMetricsFromPrimary(): Promise<MetricsText> {
  if (!listening) {
    process.on('message', heard);
    listening = true;
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const send = process.send?.bind(process);
    if (!send) return reject(new Error('Not a worker of a cluster: no primary to ask for metrics.'));
    const timer = setTimeout(() => {
      settle(id)?.reject(new Error("The cluster's primary did not answer with the metrics."));
    }, ANSWER_TIMEOUT_MS).unref();
    pending.set(id, { resolve, reject, timer });
    const request: MetricsRequest = { taskchat: 'metrics-request', id };
    send(request, undefined, {}, (error) => {
      if (error) settle(id)?.reject(error);
    });
  });
}

/** In the primary: answers `worker`'s requests with what `source` gives, or why it gave nothing. */
export function answerMetricsRequests(worker: Worker, source: () => Promise<MetricsText>): void {
  worker.on('message', (message: unknown) => {
    const request = message as MetricsRequest | null;
    if (request?.taskchat !== 'metrics-request') return;
    const { id } = request;
    // A worker gone meanwhile needs no answer; a failed send is that worker's end, seen by its exit.
    const reply = (answer: MetricsAnswer) => worker.isConnected() && worker.send(answer, undefined, {}, () => {});
    source().then(
      (metrics) => reply({ taskchat: 'metrics', id, metrics }),
      (error: unknown) =>
        reply({ taskchat: 'metrics-unavailable', id, reason: error instanceof Error ? error.message : String(error) }),
    );
  });
}
