import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrmConfig, migrateDown, migrateUp } from '../src/index.ts';
import { createEmptyDatabase, useTestDatabase } from '../src/testing/index.ts';
import { pendingSchemaChanges, withMigratedScratchDatabase } from '../src/throwaway-databases.ts';

async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    return result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

const appTables = ['conversations', 'messages', 'sessions', 'tasks', 'users'];

describe('migrations on an empty database', () => {
  let empty: { url: string; destroy(): Promise<void> };
  beforeAll(async () => {
    empty = await createEmptyDatabase();
  });
  afterAll(() => empty.destroy());

  it('apply, are a no-op when applied again, revert one by one, and re-apply', async () => {
    const applied = await migrateUp(empty.url);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(applied[0]).toMatch(/_initial$/);
    expect(applied.at(-1)).toMatch(/_hot_query_indexes$/);
    expect(await tableNames(empty.url)).toEqual(expect.arrayContaining(appTables));

    expect(await migrateUp(empty.url)).toEqual([]);

    const reverted: string[] = [];
    for (let step = 0; step < applied.length; step++) {
      const names = await migrateDown(empty.url);
      expect(names).toHaveLength(1); // down reverts exactly the last one
      reverted.push(...names);
    }
    expect(reverted).toEqual([...applied].reverse());
    const afterDown = await tableNames(empty.url);
    for (const table of appTables) expect(afterDown).not.toContain(table);

    expect(await migrateUp(empty.url)).toEqual(applied);
    expect(await tableNames(empty.url)).toEqual(expect.arrayContaining(appTables));
  });
});

describe('migration check', () => {
  it('finds the migrations in line with the entities', async () => {
    const diff = await withMigratedScratchDatabase(inject('databaseAdminUrl'), pendingSchemaChanges);
    expect(diff).toBe('');
  });

  describe('on a database that drifted from the entities', () => {
    const db = useTestDatabase();

    it('reports the missing index and check constraint', async () => {
      await db.orm.em.getConnection().execute('drop index messages_user_id_idx');
      await db.orm.em.getConnection().execute('alter table tasks drop constraint tasks_title_check');
      const orm = await MikroORM.init(createOrmConfig(db.url, { pool: { min: 0, max: 1 } }));
      try {
        const diff = await pendingSchemaChanges(orm);
        expect(diff).toContain('messages_user_id_idx');
        expect(diff).toContain('tasks_title_check');
      } finally {
        await orm.close(true);
      }
    });
  });
});
