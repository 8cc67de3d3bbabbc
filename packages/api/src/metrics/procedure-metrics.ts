import type { TRPCError } from '@trpc/server';
import { counter, histogram, secondsSince } from './registry.ts';

const calls = counter({
  name: 'taskchat_trpc_calls_total',
  help: 'tRPC procedure calls (each call of a batch, each subscription started), by procedure and outcome (OK or the tRPC error code)',
  labelNames: ['procedure', 'outcome'],
});

const duration = histogram({
  name: 'taskchat_trpc_call_duration_seconds',
  help: 'How long a tRPC procedure took to answer (for a subscription or a streamed answer: until its stream began)',
  labelNames: ['procedure', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

type CallResult = { ok: true } | { ok: false; error: TRPCError };

/**
 * Runs one procedure call (`next` of a tRPC middleware) and counts it under its procedure's path
 * (only paths of the router reach a middleware: a bounded set) and its outcome.
 */
export async function observeProcedure<R extends CallResult>(procedure: string, next: () => Promise<R>): Promise<R> {
  const started = performance.now();
  const result = await next();
  const labels = { procedure, outcome: result.ok ? 'OK' : result.error.code };
  calls.inc(labels);
  duration.observe(labels, secondsSince(started));
  return result;
}
