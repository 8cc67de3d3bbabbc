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
    /** The `pgbouncer` project's PgBouncer in front of that server (its `postgres` database); unset elsewhere. */
    poolerAdminUrl?: string;
  }
}

export interface TestDatabase {
  /** URL of this test file's own database, what the ORM uses (DATABASE_URL): through PgBouncer in the `pgbouncer` project. */
  url: string;
  /** The same database past any pooler (DATABASE_DIRECT_URL): for the change feed, migrations, anything holding a session. */
  directUrl: string;
  orm: MikroORM;
  destroy(): Promise<void>;
}

/** A fresh, migrated database of the test file's own, cloned from the run's template (fast). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `taskchat_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name, inject('templateDatabase'));
  const directUrl = withDatabase(adminUrl, name);
  const pooler = inject('poolerAdminUrl');
  const url = pooler ? withDatabase(pooler, name) : directUrl;
  const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 10 } }));
  return {
    url,
    directUrl,
    orm,
    destroy: async () => {
      await orm.close(true);
      await dropDatabase(adminUrl, name);
    },
  };
}

/**
 * The URL past the pooler of a test database given by its URL through the pooler (the `pgbouncer`
 * project's), for what needs a session; any other URL as it is.
 */
export function directUrlOf(url: string): string {
  const pooler = inject('poolerAdminUrl');
  if (!pooler || new URL(url).host !== new URL(pooler).host) return url;
  return withDatabase(inject('databaseAdminUrl'), decodeURIComponent(new URL(url).pathname.slice(1)));
}

/** An empty database (no migrations applied) on the test server, for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; destroy(): Promise<void> }> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `taskchat_empty_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), destroy: () => dropDatabase(adminUrl, name) };
}
