import { Writable } from 'node:stream';
import { createTaskchatClient, type TaskchatClient, type TokenSource } from '@taskchat/client';
import { type UsedTestDatabase, useTestDatabase } from '@taskchat/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export interface RunningServer {
  db: UsedTestDatabase;
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Every JSON log line the server wrote. */
  logs: string[];
  client(token?: TokenSource): TaskchatClient;
}

/** The real server on a free loopback port, against this test file's own database. */
export function useServer(env: NodeJS.ProcessEnv = {}): RunningServer {
  const server = { db: useTestDatabase(), logs: [] as string[] } as RunningServer;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', ...env });
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        server.logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    server.app = await buildServer(config, server.db.orm, logStream);
    server.origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.app.close());
  server.client = (token) => createTaskchatClient({ url: `${server.origin}/trpc`, token });
  return server;
}
