import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase, dropDatabase, withDatabase } from './database-admin.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { createOrmConfig } from './orm-config.ts';

async function withOrm<T>(url: string, run: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 2 } }));
  try {
    return await run(orm);
  } finally {
    await orm.close(true);
  }
}

/** Applies every pending migration, each in a transaction; returns the names applied. */
export async function migrateUp(url: string): Promise<string[]> {
  return await withOrm(url, async (orm) => (await orm.migrator.up()).map((m) => m.name));
}

/** Reverts the most recently applied migration; returns its name, if any. */
export async function migrateDown(url: string): Promise<string[]> {
  return await withOrm(url, async (orm) => (await orm.migrator.down()).map((m) => m.name));
}

/**
 * Runs `work` against an empty scratch database with every migration applied: on the server of
 * `serverUrl` when given, else on a throwaway embedded cluster. The scratch database is dropped after.
 */
export async function withMigratedScratchDatabase<T>(
  serverUrl: string | undefined,
  work: (orm: MikroORM) => Promise<T>,
): Promise<T> {
  const server = serverUrl
    ? undefined
    : await startEmbeddedPostgres({
        dir: join(tmpdir(), `taskchat-scratch-${randomBytes(6).toString('hex')}`),
        persistent: false,
      });
  const adminUrl = server?.adminUrl ?? withDatabase(serverUrl as string, 'postgres');
  const name = `taskchat_scratch_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name);
  try {
    const url = withDatabase(adminUrl, name);
    await migrateUp(url);
    return await withOrm(url, work);
  } finally {
    await dropDatabase(adminUrl, name);
    await server?.stop();
  }
}

/** SQL that would bring the migrated schema in line with the entities; empty when they agree. */
export async function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
}
