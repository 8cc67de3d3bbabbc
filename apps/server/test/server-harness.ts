import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTaskchatClient, type TaskchatClient, type TokenSource } from '@taskchat/client';
import { directUrlOf, type UsedTestDatabase, useTestDatabase } from '@taskchat/db/testing';
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

/** A free loopback port, for a server that must know its own address before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The real server on a free loopback port, configured by `env`; the caller closes `app`.
 * `PUBLIC_URL: 'self'` makes its public address its own origin (the OAuth issuer a client reaches).
 */
export async function startServer(orm: MikroORM, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  if (env.PUBLIC_URL === 'self') {
    const port = await freePort();
    env = { ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
  }
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  // The change feed goes past the pooler when the ORM goes through one (the `pgbouncer` project).
  const DATABASE_DIRECT_URL = directUrlOf(orm.config.get('clientUrl') as string);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', DATABASE_DIRECT_URL, ...env });
  const app = await buildServer(config, orm, { stream: logStream });
  const origin = await app.listen({ port: config.PORT, host: '127.0.0.1' });
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
