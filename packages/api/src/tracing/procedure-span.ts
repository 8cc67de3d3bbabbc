import { SpanStatusCode } from '@opentelemetry/api';
import type { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { tracer } from './tracer.ts';

type Outcome = { ok: true } | { ok: false; error: TRPCError };

/**
 * Runs one procedure call (each call of a batch is its own) in a span `trpc <path>` with its path,
 * type and outcome code: OK or the tRPC error code the caller gets. Only server failures (5xx) mark
 * the span as failed, and an error's message is never recorded (a database error's may quote values).
 */
export function procedureSpan<Result extends Outcome>(
  path: string,
  type: string,
  next: () => Promise<Result>,
): Promise<Result> {
  return tracer.startActiveSpan(
    `trpc ${path}`,
    { attributes: { 'rpc.system': 'trpc', 'rpc.method': path, 'trpc.type': type } },
    async (span) => {
      try {
        const result = await next();
        span.setAttribute('trpc.code', result.ok ? 'OK' : result.error.code);
        if (!result.ok && getHTTPStatusCodeFromError(result.error) >= 500)
          span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      } finally {
        span.end();
      }
    },
  );
}
