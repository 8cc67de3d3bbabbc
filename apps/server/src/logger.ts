import type { LoggerOptions } from 'pino';

/** Structured JSON logs; credentials never reach them. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.passwordHash',
        '*.tokenHash',
      ],
      censor: '[redacted]',
    },
  };
}
