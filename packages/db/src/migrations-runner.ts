import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from './orm-config.ts';

/** Runs `run` with a small ORM on `url`, closed afterwards. */
export async function withOrm<T>(url: string, run: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 2 } }));
  try {
    return await run(orm);
  } finally {
    await orm.close(true);
  }
}

/** Applies every pending migration, all in one transaction (none or all land); returns the names applied. */
export async function migrateUp(url: string): Promise<string[]> {
  return await withOrm(url, async (orm) => (await orm.migrator.up()).map((m) => m.name));
}

/** Reverts the most recently applied migration; returns its name (an empty list when none was applied). */
export async function migrateDown(url: string): Promise<string[]> {
  return await withOrm(url, async (orm) => (await orm.migrator.down()).map((m) => m.name));
}
