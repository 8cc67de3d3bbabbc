import { MikroORM } from '@mikro-orm/postgresql';
import { RunningTurns } from '@taskchat/api';
import { createOrmConfig, type DatabaseHandle } from '@taskchat/db';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.ts';
import type { ServerConfig } from './config.ts';
import { prettyLogs } from './logger.ts';
import { stopGracefully } from './shutdown.ts';

/**
 * One server process, alone (`WEB_CONCURRENCY=1`) or as a worker of a cluster: its own pool,
 * change feed and Fastify server on a database already migrated, listening on PORT. From then on
 * SIGTERM or SIGINT stops it gracefully, once, and the process exits with the shutdown's code.
 * Resolves to the address it listens at; a failure closes what it opened and throws (the
 * database handle stays the caller's).
 */
export async function serve(config: ServerConfig, database: DatabaseHandle): Promise<string> {
  let orm: MikroORM | undefined;
  let app: FastifyInstance | undefined;
  try {
    orm = await MikroORM.init(createOrmConfig(database.url, { pool: { min: 0, max: config.DATABASE_POOL_SIZE } }));
    const runningTurns = new RunningTurns();
    const pretty = prettyLogs(process.stdout.isTTY, process.env.NODE_ENV);
    app = await buildServer(config, orm, { pretty }, runningTurns);
    stopOnSignal({
      app,
      runningTurns,
      orm,
      database,
      timeoutMs: config.SHUTDOWN_TIMEOUT,
      drainDelayMs: config.SHUTDOWN_DRAIN_DELAY,
    });
    return await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    // The server's own work (the trash purge, the change feed) ends before the pool it uses.
    await app?.close().catch(() => {});
    await orm?.close().catch(() => {});
    throw error;
  }
}

/** The first SIGTERM or SIGINT starts the one graceful shutdown; the other signal, arriving too, joins it. */
function stopOnSignal(parts: Parameters<typeof stopGracefully>[0]): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      parts.app.log.info({ signal }, 'shutting down');
      void stopGracefully(parts).then(
        (code) => process.exit(code),
        (error: unknown) => {
          console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
}
