/**
 * `pnpm start`: the database (DATABASE_URL, or outside production the embedded PostgreSQL of this
 * checkout), pending migrations, then the HTTP server; once it listens it prints where, and which
 * assistant answers (for the offline one, how to configure a model). SIGTERM/SIGINT stop it
 * gracefully. A failure to start (NODE_ENV=production without DATABASE_URL included) is one line on
 * stderr and exit status 1. With WEB_CONCURRENCY above 1 this process is a cluster's primary, and
 * each of its workers runs this file too (cluster/).
 */
// First: tracing (when configured) must start before the modules it instruments run.
import './start-tracing.ts';
import cluster from 'node:cluster';
import type { DatabaseHandle } from '@taskchat/db';
import { runPrimary } from './cluster/primary.ts';
import { runWorker } from './cluster/worker.ts';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { listeningMessage } from './listening-message.ts';
import { openMigratedDatabase } from './migrated-database.ts';
import { serve } from './serve.ts';
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
if (cluster.isWorker) {
  await runWorker(config);
} else if (config.WEB_CONCURRENCY > 1) {
  await runPrimary(config);
} else {
  let database: DatabaseHandle | undefined;
  try {
    database = await openMigratedDatabase();
    console.log(listeningMessage(await serve(config, database), database, config));
  } catch (error) {
    console.error(startupFailureMessage(error, config));
    await database?.release().catch(() => {});
    process.exit(1);
  }
}
