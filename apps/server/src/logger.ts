import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * How a request appears in the logs: the path without its query string, because a query
 * (`?input=…`) may carry anything a client put there, a password included.
 */
function requestSummary(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.split('?', 1)[0],
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Structured JSON logs; credentials never reach them. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: { req: requestSummary },
    redact: {
      // A request is logged by `requestSummary` (no headers); these catch credentials logged on purpose.
      paths: ['headers.authorization', 'headers.cookie', '*.password', '*.token', '*.passwordHash', '*.tokenHash'],
      censor: '[redacted]',
    },
  };
}
