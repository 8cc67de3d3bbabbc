import autocannon from 'autocannon';
import type { Scenario } from './scenarios.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Several rounds of one scenario as one result: mean throughput and percentiles, all errors. */
export function combine(rounds: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length;
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
  };
}

/** Drives one scenario at a fixed concurrency for a fixed time with autocannon. */
export async function runLoad(
  origin: string,
  scenario: Scenario,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  let failedAnswers = 0;
  const { failedAnswer } = scenario;
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request, connection) => ({
          ...request,
          ...scenario.next(connection as Record<string, unknown>),
        }),
        ...(failedAnswer && {
          onResponse: (_status: number, body: string) => void (failedAnswer(body) && failedAnswers++),
        }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts + failedAnswers,
    requests: result.requests.total,
  };
}
