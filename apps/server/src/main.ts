/**
 * `pnpm start`: the database (DATABASE_URL, or outside production the embedded PostgreSQL of this
 * checkout), pending migrations, then the HTTP server; once it listens it prints where, and which
 * assistant answers (for the offline one, how to configure a model). SIGTERM/SIGINT stop it
 * gracefully. A failure to start (NODE_ENV=production without DATABASE_URL included) is one line on
 * stderr and exit status 1.
 */
// First: tracing (when configured) must start before the modules it instruments run.
import './start-tracing.ts';
import { MikroORM } from '@mikro-orm/postgresql';
import { RunningTurns } from '@taskchat/api';
import { createOrmConfig, type DatabaseHandle, migrateUp, openDatabase } from '@taskchat/db';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.ts';
import { assistantFrom, assistantLine } from './chat-settings.ts';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { prettyLogs } from './logger.ts';
import { stopGracefully } from './shutdown.ts';
import { startupFailureMessage } from './startup-failure.ts';

function readConfig(): ServerConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = readConfig();
let database: DatabaseHandle | undefined;
let orm: MikroORM | undefined;
let app: FastifyInstance | undefined;
try {
  database = await openDatabase();
  await migrateUp(database.url);
  orm = await MikroORM.init(createOrmConfig(database.url, { pool: { min: 0, max: config.DATABASE_POOL_SIZE } }));
  const runningTurns = new RunningTurns();
  const pretty = prettyLogs(process.stdout.isTTY, process.env.NODE_ENV);
  const server = await buildServer(config, orm, { pretty }, runningTurns);
  app = server;
  const parts = {
    app: server,
    runningTurns,
    orm,
    database,
    timeoutMs: config.SHUTDOWN_TIMEOUT,
    drainDelayMs: config.SHUTDOWN_DRAIN_DELAY,
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.log.info({ signal }, 'shutting down');
      void stopGracefully(parts).then(
        (code) => process.exit(code),
        (error: unknown) => {
          console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  const address = await server.listen({ port: config.PORT, host: config.HOST });
  const data = database.embeddedDir ? `\nEmbedded PostgreSQL data: ${database.embeddedDir}` : '';
  console.log(
    `Taskchat listening on ${address} (tRPC at ${address}/trpc)${data}\n${assistantLine(assistantFrom(config))}`,
  );
} catch (error) {
  console.error(startupFailureMessage(error, config));
  // The server's own work (the trash purge, the change feed) ends before the pool it uses.
  await app?.close().catch(() => {});
  await orm?.close().catch(() => {});
  await database?.release().catch(() => {});
  process.exit(1);
}
