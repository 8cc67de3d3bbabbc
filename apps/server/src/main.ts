/**
 * `pnpm start`: the database (DATABASE_URL, or embedded PostgreSQL under .data/), pending
 * migrations, then the HTTP server. SIGTERM/SIGINT stop it gracefully.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig, migrateUp, openDatabase } from '@taskchat/db';
import { buildServer } from './app.ts';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { stopGracefully } from './shutdown.ts';

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
const database = await openDatabase();
await migrateUp(database.url);
const orm = await MikroORM.init(createOrmConfig(database.url, { pool: { min: 0, max: config.DATABASE_POOL_SIZE } }));
const app = await buildServer(config, orm);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void stopGracefully({ app, orm, database, timeoutMs: config.SHUTDOWN_TIMEOUT }).then((code) => process.exit(code));
  });
}

const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`Taskchat listening on ${address} (tRPC at ${address}/trpc)`);
