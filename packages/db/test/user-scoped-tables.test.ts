import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withClient } from '../src/database-admin.ts';
import { useTestDatabase } from '../src/testing/index.ts';

/**
 * Every table is one user's data unless it is named here, with the reason. A user-data table needs
 * a not-null uuid `user_id` (what every statement on it is scoped by, and the column a Citus
 * cluster would distribute it by, co-located with the user's other rows) and an index whose first
 * column is `user_id` (the user's rows found without a scan, the cascade from `users` included).
 * A new table fails this test until it has both, or is added here on purpose. docs/scaling.md
 * says where each of these would live on a distributed database.
 */
const NOT_USER_DATA: Record<string, string> = {
  mikro_orm_migrations: 'the migrator’s record of the migrations applied',
  users: 'the users themselves: their id is the value every user_id holds',
  oauth_records:
    'the OAuth server’s records: a registered client belongs to no user, and oidc-provider finds codes and tokens by their id alone',
  oauth_secrets: 'the OAuth server’s signing and cookie keys, shared by every process',
  rate_limit_windows: 'counters keyed by what is limited (`chat:<user id>`, an address), not by a user column',
  sign_in_throttles: 'attempts counted by an email’s hash or a client address, before anyone is signed in',
};

interface TableShape {
  table: string;
  /** The user_id column's type, or null when the table has none. */
  user_id_type: string | null;
  user_id_not_null: boolean;
  /** An index (a primary key or unique one counts) whose first column is user_id, on every row (not partial). */
  has_leading_index: boolean;
}

/** What is wrong with each user-data table of the schema, as `table: problem` lines. */
async function userScopeProblems(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<TableShape>(`
    select c.relname as table,
           format_type(a.atttypid, a.atttypmod) as user_id_type,
           coalesce(a.attnotnull, false) as user_id_not_null,
           exists (
             select 1 from pg_index i
              where i.indrelid = c.oid and i.indkey[0] = a.attnum and i.indpred is null and i.indisvalid
           ) as has_leading_index
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`);
  const problems: string[] = [];
  for (const shape of rows) {
    if (Object.hasOwn(NOT_USER_DATA, shape.table)) continue;
    if (shape.user_id_type === null) {
      problems.push(`${shape.table}: no user_id column`);
      continue;
    }
    if (shape.user_id_type !== 'uuid') problems.push(`${shape.table}: user_id is ${shape.user_id_type}, not uuid`);
    if (!shape.user_id_not_null) problems.push(`${shape.table}: user_id is nullable`);
    if (!shape.has_leading_index) problems.push(`${shape.table}: no index whose first column is user_id`);
  }
  return problems;
}

const db = useTestDatabase();

describe('user-data tables', () => {
  it('each have a not-null uuid user_id and an index leading with it', async () => {
    expect(await withClient(db.url, userScopeProblems)).toEqual([]);
  });

  it('are every table but the ones named as not user data, each of which exists', async () => {
    const tables = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      );
      return rows.map((row) => row.table_name);
    });
    expect(tables).toEqual(expect.arrayContaining(Object.keys(NOT_USER_DATA)));
    // The check has something to check: the tables of tasks, chats and sign-ins are user data.
    expect(tables.filter((table) => !Object.hasOwn(NOT_USER_DATA, table))).toEqual(
      expect.arrayContaining(['tasks', 'messages', 'sessions', 'reminders']),
    );
  });

  it('are reported when a new table lacks user_id, its index, or has them only in part', async () => {
    await withClient(db.url, async (client) => {
      await client.query('begin');
      try {
        // Tables made in this transaction only; the rollback takes them away.
        await client.query(`create table scratch_notes (id uuid primary key, body text not null)`);
        await client.query(`create table scratch_unindexed (id uuid primary key, user_id uuid not null)`);
        await client.query(`create table scratch_trailing (id uuid primary key, user_id uuid not null)`);
        await client.query(`create index on scratch_trailing (id, user_id)`);
        await client.query(`create table scratch_partial (id uuid primary key, user_id uuid not null, done boolean)`);
        await client.query(`create index on scratch_partial (user_id) where done`);
        await client.query(`create table scratch_nullable (id uuid primary key, user_id uuid)`);
        await client.query(`create index on scratch_nullable (user_id)`);
        await client.query(
          `create table scratch_text_owner (user_id text not null, id uuid, primary key (user_id, id))`,
        );
        // Right: the primary key leads with user_id.
        await client.query(`create table scratch_good (user_id uuid not null, id uuid, primary key (user_id, id))`);

        const problems = await userScopeProblems(client);
        expect(problems.filter((problem) => problem.startsWith('scratch_'))).toEqual([
          'scratch_notes: no user_id column',
          'scratch_nullable: user_id is nullable',
          'scratch_partial: no index whose first column is user_id',
          'scratch_text_owner: user_id is text, not uuid',
          'scratch_trailing: no index whose first column is user_id',
          'scratch_unindexed: no index whose first column is user_id',
        ]);
      } finally {
        await client.query('rollback');
      }
    });
    expect(await withClient(db.url, userScopeProblems)).toEqual([]);
  });
});
