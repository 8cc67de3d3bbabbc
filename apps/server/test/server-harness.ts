import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTaskchatClient, type TaskchatClient, type TokenSource } from '@taskchat/client';
import { type UsedTestDatabase, useTestDatabase } from '@taskchat/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Every JSON log line the server wrote. */
  logs: string[];
  client(token?: TokenSource): TaskchatClient;
}

/** The real server on a free loopback port, configured by `env`; the caller closes `app`. */
export async function startServer(orm: MikroORM, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildServer(loadConfig({ PORT: '0', LOG_LEVEL: 'info', ...env }), orm, { stream: logStream });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, origin, logs, client: (token) => createTaskchatClient({ url: `${origin}/trpc`, token }) };
}

/** One server for the whole test file, against its own database. */
export function useServer(env: NodeJS.ProcessEnv = {}): RunningServer & { db: UsedTestDatabase } {
  const server = { db: useTestDatabase() } as RunningServer & { db: UsedTestDatabase };
  beforeAll(async () => {
    Object.assign(server, await startServer(server.db.orm, env));
  });
  afterAll(() => server.app.close());
  return server;
}
