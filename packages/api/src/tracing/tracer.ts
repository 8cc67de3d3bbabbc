import { trace } from '@opentelemetry/api';

/**
 * The API's own spans (docs/tracing.md). Until the server starts the OpenTelemetry SDK this is
 * @opentelemetry/api's no-op tracer. Attributes name procedures, tools, models, counts and
 * outcomes only: never a message, a task's words, a tool's arguments or results, nor a secret.
 */
export const tracer = trace.getTracer('@taskchat/api');
