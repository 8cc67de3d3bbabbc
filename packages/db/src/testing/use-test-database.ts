import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

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
