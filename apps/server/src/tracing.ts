/**
 * OpenTelemetry tracing (docs/tracing.md): on only when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); otherwise none of the SDK
 * is even loaded, and the spans the API makes go to @opentelemetry/api's no-op tracer. The SDK
 * reads every other standard OTEL_* variable itself (protocol, headers, sampler, batching,
 * resource, OTEL_SDK_DISABLED).
 */
import { createRequire } from 'node:module';
import type { FastifyOtelInstrumentation as FastifyInstrumentation } from '@fastify/otel';
import type { HttpInstrumentation as HttpInstrumentationClass } from '@opentelemetry/instrumentation-http';
import type { PgInstrumentation as PgInstrumentationClass } from '@opentelemetry/instrumentation-pg';
import type { NodeSDK as NodeSDKClass } from '@opentelemetry/sdk-node';
import { recordablePath } from './request-path.ts';

// The SDK is loaded synchronously (its CommonJS build) so that it is started before the modules
// imported after it run: its require hook then sees `node:http` as Fastify loads it, and `pg`'s
// own files as they load (pg/lib/client.js, pg-pool), even when `pg` itself is imported from ESM.
const require = createRequire(import.meta.url);

let sdk: NodeSDKClass | undefined;

function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** A query string with each value replaced: tRPC's GET `input=` holds what the user typed. */
function redactedQuery(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const params = new URLSearchParams(url.slice(query + 1));
  return [...params.keys()].map((key) => `${encodeURIComponent(key)}=REDACTED`).join('&');
}

/** Health probes and scrapes would be most of the traces and tell nothing. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Starts the SDK when an endpoint is configured (once per process: each cluster worker runs main.ts). */
export function startTracing(env: NodeJS.ProcessEnv): void {
  if (sdk || !tracingConfigured(env)) return;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as { NodeSDK: typeof NodeSDKClass };
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as {
    HttpInstrumentation: typeof HttpInstrumentationClass;
  };
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as {
    PgInstrumentation: typeof PgInstrumentationClass;
  };
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as {
    FastifyOtelInstrumentation: typeof FastifyInstrumentation;
  };
  const serviceNamed =
    Boolean(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  sdk = new NodeSDK({
    serviceName: serviceNamed ? undefined : 'taskchat',
    // Traces only: metrics are Prometheus's (/metrics), logs are pino's (stdout).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        startIncomingSpanHook: (request) => {
          const url = request.url ?? '';
          const query = redactedQuery(url);
          // The instrumentation records the path as it came; a share link's is recorded without its secret.
          const path = recordablePath(url);
          return {
            ...(query === undefined ? {} : { 'url.query': query }),
            ...(path === url.split('?', 1)[0] ? {} : { 'url.path': path, 'http.target': path }),
          };
        },
      }),
      // Fastify's request, hooks and handler, registered as a plugin on every instance as it is created.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route) => UNTRACED_PATHS.has(route.url ?? ''),
        requestHook: (span, request) => span.setAttribute('url.path', recordablePath(request.url)),
      }),
      // The statement text is parameterised ($1, $2…); its bound values are never recorded
      // (enhancedDatabaseReporting stays off). Statements outside a request (the change feed's
      // LISTEN, the reminder and purge jobs' polls) start no trace of their own.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  sdk.start();
}

/** Sends the spans still queued (the last requests before a shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
