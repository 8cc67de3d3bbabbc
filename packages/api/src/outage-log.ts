import type { ApiLogger } from './logger.ts';
import { outageMetrics } from './metrics/outage-metrics.ts';

/**
 * Logs an outage once: its first failed request, then, when a request gets through again, that
 * the database is back, with how long it was away and how many requests were answered 503.
 * Logging every failed request would bury the log at the worst moment.
 */
export class OutageLog {
  readonly #logger: ApiLogger;
  #outage: { since: number; failedRequests: number } | null = null;

  constructor(logger: ApiLogger) {
    this.#logger = logger;
  }

  failed(error: unknown, path: string | undefined): void {
    if (this.#outage) {
      this.#outage.failedRequests += 1;
      return;
    }
    this.#outage = { since: Date.now(), failedRequests: 1 };
    outageMetrics.began();
    this.#logger.error({ err: error, path }, 'the database is unavailable; answering 503 until it returns');
  }

  /** A request reached the database. */
  succeeded(): void {
    if (!this.#outage) return;
    const { since, failedRequests } = this.#outage;
    this.#outage = null;
    this.#logger.info({ downForMs: Date.now() - since, failedRequests }, 'the database is available again');
  }
}
