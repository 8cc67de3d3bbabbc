import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll } from 'vitest';
import { createEmptyDatabase, createTestDatabase } from './test-database.ts';

/** What a test file sees of its database; usable from its tests and hooks (after `beforeAll`). */
export interface UsedTestDatabase {
  /** What the ORM uses (DATABASE_URL): through PgBouncer in the `pgbouncer` project. */
  readonly url: string;
  /** Past any pooler (DATABASE_DIRECT_URL): for LISTEN, migrations and other session state. */
  readonly directUrl: string;
  readonly orm: MikroORM;
}

/** Creates a database before the enclosing suite's tests and destroys it after them; returns a reader. */
function useForSuite<T extends { destroy(): Promise<void> }>(name: string, create: () => Promise<T>): () => T {
  let database: T | undefined;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(() => database?.destroy());
  return () => {
    if (!database) throw new Error(`${name}(): the database exists only once beforeAll has run`);
    return database;
  };
}

/** This test file's own migrated database: created before its tests, dropped after them. */
export function useTestDatabase(): UsedTestDatabase {
  const current = useForSuite('useTestDatabase', createTestDatabase);
  return {
    get url() {
      return current().url;
    },
    get directUrl() {
      return current().directUrl;
    },
    get orm() {
      return current().orm;
    },
  };
}

/** An empty database (no migrations applied) for the enclosing suite: created before, dropped after. */
export function useEmptyDatabase(): { readonly url: string } {
  const current = useForSuite('useEmptyDatabase', createEmptyDatabase);
  return {
    get url() {
      return current().url;
    },
  };
}
