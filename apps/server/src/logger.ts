import { createRequire } from 'node:module';
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { recordablePath } from './request-path.ts';

/** How a request appears in the logs: its method, its path as `recordablePath` gives it, and the address. */
function requestSummary(request: FastifyRequest) {
  return {
    method: request.method,
    url: recordablePath(request.url),
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Whether logs are for a person: a terminal, outside production. */
export function prettyLogs(stdoutIsTerminal: boolean | undefined, nodeEnv: string | undefined): boolean {
  return stdoutIsTerminal === true && nodeEnv !== 'production';
}

/**
 * Structured JSON logs, or with `pretty` the same records as readable lines (pino-pretty, in
 * pino's worker thread); credentials never reach either.
 */
export function loggerOptions(level: string, pretty = false): LoggerOptions {
  return {
    level,
    ...(pretty && {
      transport: {
        // By path: pino resolves a bare name from Fastify's package, where pnpm does not put it.
        target: createRequire(import.meta.url).resolve('pino-pretty'),
        options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    }),
    serializers: { req: requestSummary },
    redact: {
      // A request is logged by `requestSummary` (no headers); these catch credentials logged on purpose.
      paths: ['headers.authorization', 'headers.cookie', '*.password', '*.token', '*.passwordHash', '*.tokenHash'],
      censor: '[redacted]',
    },
  };
}
