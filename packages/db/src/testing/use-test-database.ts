import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll } from 'vitest';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from './test-database.ts';

/** What a test file sees of its database; usable from its tests and hooks (after `beforeAll`). */
export interface UsedTestDatabase {
  readonly url: string;
  readonly orm: MikroORM;
}

/** This test file's own migrated database: created before its tests, dropped after them. */
export function useTestDatabase(): UsedTestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.destroy());
  const current = () => {
    if (!database) throw new Error('useTestDatabase(): the database exists only once beforeAll has run');
    return database;
  };
  return {
    get url() {
      return current().url;
    },
    get orm() {
      return current().orm;
    },
  };
}

/** An empty database (no migrations applied) for the enclosing suite: created before, dropped after. */
export function useEmptyDatabase(): { readonly url: string } {
  let database: { url: string; destroy(): Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database?.destroy());
  return {
    get url() {
      if (!database) throw new Error('useEmptyDatabase(): the database exists only once beforeAll has run');
      return database.url;
    },
  };
}
