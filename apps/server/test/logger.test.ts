import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logger.ts';

/** A pino logger with the server's options, writing into `lines`. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(loggerOptions('info'), stream), lines };
}

describe('log redaction', () => {
  it('censors credentials wherever the server may log them', () => {
    const { logger, lines } = capture();
    logger.info({
      headers: { authorization: 'Bearer secret-header', cookie: 'session=secret-cookie' },
      input: {
        password: 'secret-password',
        token: 'secret-token-2',
        passwordHash: 'secret-hash',
        tokenHash: 'secret-th',
      },
    });
    const [line] = lines;
    expect(line).not.toMatch(/secret/);
    expect(JSON.parse(line ?? '{}').input).toEqual({
      password: '[redacted]',
      token: '[redacted]',
      passwordHash: '[redacted]',
      tokenHash: '[redacted]',
    });
  });

  it('logs a request as method, path without its query, and address: never its headers', () => {
    const { logger, lines } = capture();
    const request = {
      method: 'GET',
      url: '/trpc/auth.signIn?input=secret-query',
      ip: '127.0.0.1',
      socket: { remotePort: 41_234 },
      headers: { authorization: 'Bearer secret-token' },
    };
    logger.info({ req: request }, 'incoming request');
    expect(JSON.parse(lines[0] ?? '{}').req).toEqual({
      method: 'GET',
      url: '/trpc/auth.signIn',
      remoteAddress: '127.0.0.1',
      remotePort: 41_234,
    });
  });

  it('logs a share link’s path without its token, the link’s secret', () => {
    const { logger, lines } = capture();
    const token = 'Q'.repeat(43);
    for (const url of [`/share/${token}`, `/share/${token}.md?x=1`]) {
      logger.info({ req: { method: 'GET', url, ip: '127.0.0.1', socket: { remotePort: 1 }, headers: {} } }, 'in');
    }
    expect(lines.map((line) => JSON.parse(line).req.url)).toEqual(['/share/[redacted]', '/share/[redacted]']);
  });
});
