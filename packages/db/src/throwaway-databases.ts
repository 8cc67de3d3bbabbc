import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase, dropDatabase, withDatabase } from './database-admin.ts';
import { loadDevDatabase } from './dev-database.ts';
import { migrateUp, withOrm } from './migrations-runner.ts';

export interface DatabaseServer {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

const randomSuffix = () => randomBytes(6).toString('hex');

/**
 * A server for throwaway databases: the one `url` points at when given (left running on stop),
 * else a new embedded cluster in a temporary directory, deleted on stop (`@taskchat/dev-database`,
 * a dev dependency: loaded only then).
 */
export async function throwawayServer(url: string | undefined, label: string): Promise<DatabaseServer> {
  if (url) return { adminUrl: withDatabase(url, 'postgres'), stop: async () => {} };
  const { openEmbeddedCluster } = await loadDevDatabase('A database URL');
  const server = await openEmbeddedCluster({
    dir: join(tmpdir(), `taskchat-${label}-${randomSuffix()}`),
    persistent: false,
  });
  return { adminUrl: server.adminUrl, stop: server.release };
}

/** Creates a uniquely named database on the server with every migration applied. */
export async function createMigratedDatabase(adminUrl: string, prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomSuffix()}`;
  await createDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await migrateUp(url);
  return { name, url };
}

/**
 * Runs `work` against an empty scratch database with every migration applied: on the server of
 * `serverUrl` when given, else on a throwaway embedded cluster. The scratch database is dropped after.
 */
export async function withMigratedScratchDatabase<T>(
  serverUrl: string | undefined,
  work: (orm: MikroORM) => Promise<T>,
): Promise<T> {
  const server = await throwawayServer(serverUrl, 'scratch');
  try {
    const scratch = await createMigratedDatabase(server.adminUrl, 'taskchat_scratch');
    try {
      return await withOrm(scratch.url, work);
    } finally {
      await dropDatabase(server.adminUrl, scratch.name);
    }
  } finally {
    await server.stop();
  }
}

/** SQL that would bring the migrated schema in line with the entities; empty when they agree. */
export async function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
}
