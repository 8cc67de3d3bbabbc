import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import { createDatabase, dropDatabase, withDatabase } from '../database-admin.ts';
import { createOrmConfig } from '../orm-config.ts';

/** Provided by the global setup to every test file. */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    templateDatabase: string;
  }
}

export interface TestDatabase {
  /** URL of this test file's own database. */
  url: string;
  orm: MikroORM;
  destroy(): Promise<void>;
}

/** A fresh, migrated database of the test file's own, cloned from the run's template (fast). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `taskchat_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name, inject('templateDatabase'));
  const url = withDatabase(adminUrl, name);
  const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 10 } }));
  return {
    url,
    orm,
    destroy: async () => {
      await orm.close(true);
      await dropDatabase(adminUrl, name);
    },
  };
}

/** An empty database (no migrations applied) on the test server, for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; destroy(): Promise<void> }> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `taskchat_empty_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), destroy: () => dropDatabase(adminUrl, name) };
}
