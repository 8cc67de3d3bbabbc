import { MikroORM } from '@mikro-orm/postgresql';
import { withClient } from './database-admin.ts';
import { createOrmConfig } from './orm-config.ts';
import { proveSessionHeld } from './session-check.ts';

/** Runs `run` with a small ORM on `url`, closed afterwards. */
export async function withOrm<T>(url: string, run: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 2 } }));
  try {
    return await run(orm);
  } finally {
    await orm.close(true);
  }
}

/** Any number that is ours alone: the advisory lock every migrating process takes. */
const MIGRATION_LOCK = 7_310_021;

/**
 * Applies every pending migration, all in one transaction (none or all land); returns the names
 * applied. Processes migrating one database at once (two servers starting together) take turns:
 * the second finds nothing left to do. `url` is the direct one (DATABASE_DIRECT_URL): the lock is a
 * session's, and through a transaction pooler it would stay held on a pooled server connection
 * after this connection ended, so that the next process to migrate waited for it forever. A
 * connection that does not keep its session is refused first (SessionNotHeldError).
 */
export async function migrateUp(url: string): Promise<string[]> {
  return await withClient(url, async (lock) => {
    await proveSessionHeld(lock, url);
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // The lock ends with its connection, however this ends.
    return await withOrm(url, async (orm) => (await orm.migrator.up()).map((m) => m.name));
  });
}

/** Reverts the most recently applied migration; returns its name (an empty list when none was applied). */
export async function migrateDown(url: string): Promise<string[]> {
  return await withOrm(url, async (orm) => (await orm.migrator.down()).map((m) => m.name));
}
