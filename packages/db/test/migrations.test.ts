import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createOrmConfig, migrateDown, migrateUp } from '../src/index.ts';
import { useEmptyDatabase, useTestDatabase } from '../src/testing/index.ts';
import { pendingSchemaChanges, withMigratedScratchDatabase } from '../src/throwaway-databases.ts';

/** Runs one statement on its own connection. */
async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function tableNames(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

const appTables = [
  'access_tokens',
  'oauth_records',
  'oauth_secrets',
  'chat_turn_events',
  'chat_turns',
  'conversations',
  'message_task_effects',
  'messages',
  'rate_limit_windows',
  'sessions',
  'sign_in_throttles',
  'tasks',
  'users',
];

describe('migrations on an empty database', () => {
  const empty = useEmptyDatabase();

  it('apply, are a no-op when applied again, revert one by one, and re-apply', async () => {
    const applied = await migrateUp(empty.url);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(applied[0]).toMatch(/_initial$/);
    expect(applied.at(-1)).toMatch(/_branch_functions$/);
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

describe('migrations run by two processes at once', () => {
  const empty = useEmptyDatabase();

  it('are applied once: one run applies them all, the other finds nothing to do', async () => {
    const [first, second] = await Promise.all([migrateUp(empty.url), migrateUp(empty.url)]);
    const runs = [first, second].sort((a, b) => b.length - a.length);
    expect(runs[0]?.at(-1)).toMatch(/_branch_functions$/);
    expect(runs[1]).toEqual([]);
  });
});

describe('migrations land together or not at all', () => {
  const empty = useEmptyDatabase();

  it('a failure in a later migration leaves no table of the first one, and none recorded as applied', async () => {
    // A relation with the name of an index a later migration creates makes that migration fail.
    await query(empty.url, 'create table tasks_user_recent_idx (x int)');
    await expect(migrateUp(empty.url)).rejects.toThrow();
    const tables = await tableNames(empty.url);
    for (const table of appTables) expect(tables).not.toContain(table);

    // Once the obstacle is gone, every migration is still pending, the first one included.
    await query(empty.url, 'drop table tasks_user_recent_idx');
    const applied = await migrateUp(empty.url);
    expect(applied[0]).toMatch(/_initial$/);
    expect(applied.at(-1)).toMatch(/_branch_functions$/);
  });
});

describe('the last migrations reverted', () => {
  const empty = useEmptyDatabase();

  it('drop the append function; re-applied, it is back', async () => {
    const functions = async () =>
      (
        await query<{ proname: string }>(empty.url, `select proname from pg_proc where proname = 'append_messages'`)
      ).map((row) => row.proname);
    await migrateUp(empty.url);
    expect(await functions()).toEqual(['append_messages']);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await functions()).toEqual([]);
    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await functions()).toEqual(['append_messages']);
  });

  it('drop branches, votes and shares; re-applied, what was stored is one branch ending at the newest message', async () => {
    await migrateUp(empty.url);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await tableNames(empty.url)).not.toContain('message_votes');
    const user = '0190a000-0000-7000-8000-0000000000f1';
    const conversations = ['0190a000-0000-7000-8000-0000000000f2', '0190a000-0000-7000-8000-0000000000f3'];
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'f@example.com', 'x')`, [user]);
    for (const conversation of conversations) {
      await query(empty.url, 'insert into conversations (id, user_id) values ($1, $2)', [conversation, user]);
    }
    const ids = ['0190a000-0000-7000-8000-0000000000a1', '0190a000-0000-7000-8000-0000000000a2'];
    const third = '0190a000-0000-7000-8000-0000000000a3';
    const append = `select * from append_messages($1, $2, false, null, $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::jsonb[], $8::boolean[], $9::timestamptz[])`;
    await query(empty.url, append, [
      user,
      conversations[0],
      ids,
      ['user', 'assistant'],
      ['hi', 'hello'],
      [null, null],
      [null, null],
      [false, false],
      [null, null],
    ]);
    await query(empty.url, append, [
      user,
      conversations[0],
      [third],
      ['user'],
      ['again'],
      [null],
      [null],
      [false],
      [null],
    ]);

    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    const messages = await query<{ id: string; parent_id: string | null }>(
      empty.url,
      'select id, parent_id from messages order by seq',
    );
    expect(messages).toEqual([
      { id: ids[0], parent_id: null },
      { id: ids[1], parent_id: ids[0] },
      { id: third, parent_id: ids[1] },
    ]);
    const leaves = await query<{ id: string; leaf_id: string | null }>(
      empty.url,
      'select id, leaf_id from conversations order by id',
    );
    expect(leaves).toEqual([
      { id: conversations[0], leaf_id: third },
      { id: conversations[1], leaf_id: null },
    ]);
    await query(empty.url, 'delete from users where id = $1', [user]);
    expect(await query(empty.url, 'select id from messages')).toEqual([]);
  });

  it('drop the branch functions; re-applied, they are back and walk a branch', async () => {
    const functions = async () =>
      (
        await query<{ proname: string }>(
          empty.url,
          `select proname from pg_proc where proname in ('branch_ids', 'branch_page') order by 1`,
        )
      ).map((row) => row.proname);
    await migrateUp(empty.url);
    expect(await functions()).toEqual(['branch_ids', 'branch_page']);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await functions()).toEqual([]);
    expect(await migrateUp(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await functions()).toEqual(['branch_ids', 'branch_page']);
    const user = '0190a000-0000-7000-8000-0000000000e1';
    const conversation = '0190a000-0000-7000-8000-0000000000e2';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'e@example.com', 'x')`, [user]);
    await query(empty.url, 'insert into conversations (id, user_id) values ($1, $2)', [conversation, user]);
    const ids = ['0190a000-0000-7000-8000-0000000000b1', '0190a000-0000-7000-8000-0000000000b2'];
    await query(
      empty.url,
      `insert into messages (id, conversation_id, user_id, parent_id, role, content, seq)
       values ($1, $3, $4, null, 'user', 'hi', 1), ($2, $3, $4, $1, 'assistant', 'hello', 2)`,
      [...ids, conversation, user],
    );
    const page = await query<{ id: string; sibling_count: number }>(
      empty.url,
      'select id, sibling_count from branch_page($1, $2, $3, 10)',
      [user, conversation, ids[1]],
    );
    expect(page).toEqual([
      { id: ids[1], sibling_count: 1 },
      { id: ids[0], sibling_count: 1 },
    ]);
    // Another user's id finds nothing of it.
    const stranger = '0190a000-0000-7000-8000-0000000000e3';
    expect(
      await query(empty.url, 'select id from branch_ids($1, $2, $3, null)', [stranger, conversation, ids[1]]),
    ).toEqual([]);
    await query(empty.url, 'delete from users where id = $1', [user]);
  });

  it('drop the reminders’ user index, keeping the delivered one; re-applied, it is back', async () => {
    const reminderIndexes = async () =>
      (
        await query<{ indexname: string }>(
          empty.url,
          `select indexname from pg_indexes where tablename = 'reminders' and indexname like 'reminders_user_%' order by 1`,
        )
      ).map((row) => row.indexname);
    await migrateUp(empty.url);
    expect(await reminderIndexes()).toEqual(['reminders_user_delivered_idx', 'reminders_user_idx']);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await reminderIndexes()).toEqual(['reminders_user_delivered_idx']);
    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await reminderIndexes()).toEqual(['reminders_user_delivered_idx', 'reminders_user_idx']);
  });

  it('drop the OAuth records and secrets, keeping the users; re-applied, the tables are back, empty and checked', async () => {
    await migrateUp(empty.url);
    const user = '0190a000-0000-7000-8000-0000000000b1';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'b@example.com', 'x')`, [user]);
    await query(
      empty.url,
      `insert into oauth_records (model, id, payload, user_id, grant_id) values ('Grant', 'g1', '{"accountId": "b"}', $1, 'g1')`,
      [user],
    );
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await tableNames(empty.url)).not.toContain('oauth_records');
    expect(await query(empty.url, 'select id from users where id = $1', [user])).toEqual([{ id: user }]);

    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await query(empty.url, 'select id from oauth_records')).toEqual([]);
    const refused = await query(
      empty.url,
      `insert into oauth_records (model, id, payload) values ('DeviceCode', 'd1', '{}')`,
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: '23514', constraint: 'oauth_records_model_check' });
    await query(empty.url, 'delete from users where id = $1', [user]);
  });

  it('drop the access tokens, keeping their users; re-applied, the table is back, empty and checked', async () => {
    await migrateUp(empty.url);
    const user = '0190a000-0000-7000-8000-0000000000c1';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'c@example.com', 'x')`, [user]);
    await query(
      empty.url,
      `insert into access_tokens (id, user_id, name, token_hash, scopes) values (gen_random_uuid(), $1, 'laptop', $2, '{tasks:read}')`,
      [user, 'c'.repeat(64)],
    );
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await tableNames(empty.url)).not.toContain('access_tokens');
    expect(await query(empty.url, 'select id from users where id = $1', [user])).toEqual([{ id: user }]);

    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_access_tokens$/),
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await query(empty.url, 'select id from access_tokens')).toEqual([]);
    const refused = await query(
      empty.url,
      `insert into access_tokens (id, user_id, name, token_hash, scopes) values (gen_random_uuid(), $1, 'laptop', $2, '{tasks:delete}')`,
      [user, 'c'.repeat(64)],
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: '23514', constraint: 'access_tokens_scopes_check' });
    await query(empty.url, 'delete from users where id = $1', [user]);
  });

  it('drop the sessions’ user agent and address, keeping the sessions; re-applied, those sessions have neither', async () => {
    const sessionColumns = async () =>
      (
        await query<{ column_name: string }>(
          empty.url,
          `select column_name from information_schema.columns where table_name = 'sessions' and column_name in ('user_agent', 'ip') order by 1`,
        )
      ).map((row) => row.column_name);
    await migrateUp(empty.url);
    expect(await sessionColumns()).toEqual(['ip', 'user_agent']);
    const user = '0190a000-0000-7000-8000-0000000000d1';
    const session = '0190a000-0000-7000-8000-0000000000d2';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'd@example.com', 'x')`, [user]);
    await query(
      empty.url,
      `insert into sessions (id, user_id, token_hash, expires_at, user_agent, ip) values ($1, $2, $3, now() + interval '1 day', 'Mozilla/5.0', '192.0.2.1')`,
      [session, user, 'd'.repeat(64)],
    );
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_sessions_device$/)]);
    expect(await sessionColumns()).toEqual([]);
    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_sessions_device$/),
      expect.stringMatching(/_access_tokens$/),
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await query(empty.url, 'select user_agent, ip from sessions where id = $1', [session])).toEqual([
      { user_agent: null, ip: null },
    ]);
    await query(empty.url, 'delete from users where id = $1', [user]);
  });

  it('drop projects, labels and the planned task fields; re-applied, put existing tasks in an Inbox in creation order', async () => {
    await migrateUp(empty.url);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_sessions_device$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_usage_and_undo$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_planned_tasks$/)]);
    const tables = await tableNames(empty.url);
    for (const table of ['projects', 'labels', 'task_labels', 'task_completions', 'reminders'])
      expect(tables).not.toContain(table);

    const users = ['0190a000-0000-7000-8000-0000000000e1', '0190a000-0000-7000-8000-0000000000e2'];
    for (const [index, user] of users.entries()) {
      await query(empty.url, `insert into users (id, email, password_hash) values ($1, $2, 'x')`, [
        user,
        `e${index}@example.com`,
      ]);
    }
    // Created out of id order, one of them done: the Inbox keeps creation order.
    for (const [suffix, user, minute, completed] of [
      ['b1', users[0], 3, false],
      ['b2', users[0], 1, true],
      ['b3', users[0], 2, false],
      ['b4', users[1], 1, false],
    ] as const) {
      await query(
        empty.url,
        `insert into tasks (id, user_id, title, completed, created_at, updated_at) values ($1, $2, 'x', $3, $4, $4)`,
        [`0190a000-0000-7000-8000-0000000000${suffix}`, user, completed, `2026-01-01T00:0${minute}:00Z`],
      );
    }

    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_planned_tasks$/),
      expect.stringMatching(/_usage_and_undo$/),
      expect.stringMatching(/_sessions_device$/),
      expect.stringMatching(/_access_tokens$/),
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    const inboxes = await query<{ user_id: string; name: string }>(
      empty.url,
      'select user_id, name from projects where inbox order by user_id',
    );
    expect(inboxes).toEqual(users.map((user) => ({ user_id: user, name: 'Inbox' })));
    const tasks = await query<{ id: string; in_inbox: boolean; completed_at: string | null }>(
      empty.url,
      `select t.id, p.inbox and p.user_id = t.user_id as in_inbox, t.completed_at
         from tasks t join projects p on p.id = t.project_id where t.user_id = $1 order by t.position, t.id`,
      [users[0]],
    );
    expect(tasks.map((task) => [task.id.slice(-2), task.in_inbox, task.completed_at !== null])).toEqual([
      ['b2', true, true],
      ['b3', true, false],
      ['b1', true, false],
    ]);
    // A user made from now on has an Inbox too, and a task inserted without a project goes there.
    const later = '0190a000-0000-7000-8000-0000000000e3';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'e3@example.com', 'x')`, [later]);
    await query(empty.url, `insert into tasks (id, user_id, title) values (gen_random_uuid(), $1, 'y')`, [later]);
    const [placed] = await query<{ inbox: boolean }>(
      empty.url,
      'select p.inbox from tasks t join projects p on p.id = t.project_id where t.user_id = $1',
      [later],
    );
    expect(placed?.inbox).toBe(true);
    await query(empty.url, 'delete from users where id = any($1)', [[...users, later]]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_sessions_device$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_usage_and_undo$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_planned_tasks$/)]);
  });

  it('restore the messages’ created_at index; re-applied, order by seq and store times after now as now', async () => {
    const messageIndexes = async () =>
      (
        await query<{ indexname: string }>(
          empty.url,
          `select indexname from pg_indexes where tablename = 'messages' and indexname like 'messages_conversation_user_%'`,
        )
      ).map((row) => row.indexname);
    expect(await messageIndexes()).toEqual(['messages_conversation_user_seq_idx']);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_message_order$/)]);
    expect(await messageIndexes()).toEqual(['messages_conversation_user_created_idx']);

    // What an import stored before appends clamped times: a conversation and a message a day ahead.
    const user = '0190a000-0000-7000-8000-0000000000f1';
    const conversation = '0190a000-0000-7000-8000-0000000000f2';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'f@example.com', 'x')`, [user]);
    await query(
      empty.url,
      `insert into conversations (id, user_id, created_at, updated_at) values ($1, $2, now() - interval '1 hour', now() + interval '23 hours')`,
      [conversation, user],
    );
    for (const [seq, at] of [
      [1, `now() - interval '1 hour'`],
      [2, `now() + interval '23 hours'`],
    ] as const) {
      await query(
        empty.url,
        `insert into messages (id, conversation_id, user_id, role, content, seq, created_at) values (gen_random_uuid(), $1, $2, 'user', 'hi', $3, ${at})`,
        [conversation, user, seq],
      );
    }
    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_message_order$/),
      expect.stringMatching(/_planned_tasks$/),
      expect.stringMatching(/_usage_and_undo$/),
      expect.stringMatching(/_sessions_device$/),
      expect.stringMatching(/_access_tokens$/),
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    expect(await messageIndexes()).toEqual(['messages_conversation_user_seq_idx']);
    const ahead = await query(
      empty.url,
      `select 1 from messages where created_at > now() union all select 1 from conversations where updated_at > now()`,
    );
    expect(ahead).toEqual([]);
    const [kept] = await query<{ past: boolean }>(
      empty.url,
      `select created_at < now() - interval '59 minutes' as past from messages where seq = 1`,
    );
    expect(kept?.past).toBe(true);
    await query(empty.url, 'delete from users where id = $1', [user]);
  });

  it('drop the conversations’ import ids, then the search vectors and their indexes', async () => {
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_sessions_device$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_usage_and_undo$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_planned_tasks$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_message_order$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_import$/)]);
    expect(
      await query(
        empty.url,
        `select 1 from information_schema.columns where column_name = 'client_id' and table_name = 'conversations'`,
      ),
    ).toEqual([]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_search$/)]);
    const columns = await query<{ column_name: string }>(
      empty.url,
      `select column_name from information_schema.columns where column_name in ('search_vector', 'title_vector')`,
    );
    expect(columns).toEqual([]);
  });

  it('drop archive, pin and the trash, and restore the conversations index of before', async () => {
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_history$/)]);
    const columns = await query<{ column_name: string }>(
      empty.url,
      `select column_name from information_schema.columns where table_name = 'conversations' and column_name in ('archived', 'pinned', 'deleted_at')`,
    );
    expect(columns).toEqual([]);
    const indexes = await query<{ indexdef: string }>(
      empty.url,
      `select indexdef from pg_indexes where tablename = 'conversations' and indexname like 'conversations_user%'`,
    );
    expect(indexes.map((row) => row.indexdef)).toEqual([
      expect.stringContaining(
        'conversations_user_recent_idx ON public.conversations USING btree (user_id, updated_at DESC, id DESC)',
      ),
    ]);
  });

  it('drop the sign-in throttle and restore the sessions index of before', async () => {
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_accounts$/)]);
    expect(await tableNames(empty.url)).not.toContain('sign_in_throttles');
    const indexes = await query<{ indexname: string }>(
      empty.url,
      `select indexname from pg_indexes where tablename = 'sessions' and indexname like 'sessions_user%'`,
    );
    expect(indexes.map((row) => row.indexname)).toEqual(['sessions_user_id_idx']);
  });

  it('drop the live triggers, turn events and message numbers; re-applied, number existing messages in order', async () => {
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_live$/)]);
    expect(await tableNames(empty.url)).not.toContain('chat_turn_events');
    expect(await query(empty.url, `select tgname from pg_trigger where tgname like 'notify_%'`)).toEqual([]);
    expect(await query(empty.url, `select proname from pg_proc where proname like '%_notify_%_fn'`)).toEqual([]);

    const user = '0190a000-0000-7000-8000-000000000001';
    const conversation = '0190a000-0000-7000-8000-000000000002';
    await query(empty.url, `insert into users (id, email, password_hash) values ($1, 'a@example.com', 'x')`, [user]);
    await query(empty.url, 'insert into conversations (id, user_id) values ($1, $2)', [conversation, user]);
    for (const [suffix, second] of [
      ['0c', 2],
      ['0a', 1],
      ['0b', 2],
      ['0d', 1],
    ] as const) {
      await query(
        empty.url,
        `insert into messages (id, conversation_id, user_id, role, content, created_at) values ($1, $2, $3, 'user', 'hi', $4)`,
        [`0190a000-0000-7000-8000-0000000000${suffix}`, conversation, user, `2026-01-01T00:00:0${second}Z`],
      );
    }

    expect(await migrateUp(empty.url)).toEqual([
      expect.stringMatching(/_live$/),
      expect.stringMatching(/_accounts$/),
      expect.stringMatching(/_history$/),
      expect.stringMatching(/_search$/),
      expect.stringMatching(/_import$/),
      expect.stringMatching(/_message_order$/),
      expect.stringMatching(/_planned_tasks$/),
      expect.stringMatching(/_usage_and_undo$/),
      expect.stringMatching(/_sessions_device$/),
      expect.stringMatching(/_access_tokens$/),
      expect.stringMatching(/_oauth$/),
      expect.stringMatching(/_reminders_user_index$/),
      expect.stringMatching(/_append_messages$/),
      expect.stringMatching(/_branches$/),
      expect.stringMatching(/_branch_functions$/),
    ]);
    const numbered = await query<{ id: string; seq: number }>(empty.url, 'select id, seq from messages order by seq');
    // By time, then by id within the same millisecond: the order messages.list shows.
    expect(numbered.map((row) => [row.id.slice(-2), row.seq])).toEqual([
      ['0a', 1],
      ['0d', 2],
      ['0b', 3],
      ['0c', 4],
    ]);
  });

  it('drop the chat and rate-limit tables and the chat columns, then restore the indexes of the first migration', async () => {
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branch_functions$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_branches$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_append_messages$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_reminders_user_index$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_oauth$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_access_tokens$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_sessions_device$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_usage_and_undo$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_planned_tasks$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_message_order$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_import$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_search$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_history$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_accounts$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_live$/)]);
    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_chat$/)]);
    const tables = await tableNames(empty.url);
    expect(tables).toContain('messages');
    expect(tables).not.toContain('chat_turns');
    expect(tables).not.toContain('message_task_effects');
    expect(tables).not.toContain('rate_limit_windows');
    const columns = await query<{ column_name: string }>(
      empty.url,
      `select column_name from information_schema.columns where table_name = 'messages' and column_name in ('parts', 'incomplete')`,
    );
    expect(columns).toEqual([]);

    expect(await migrateDown(empty.url)).toEqual([expect.stringMatching(/_hot_query_indexes$/)]);
    const rows = await query<{ indexname: string }>(
      empty.url,
      `select indexname from pg_indexes where schemaname = 'public' and indexname like any ($1)`,
      [['tasks_user_%', 'messages_conversation_%']],
    );
    expect(rows.map((row) => row.indexname).sort()).toEqual([
      'messages_conversation_client_id_unique',
      'messages_conversation_created_idx',
      'tasks_user_status_recent_idx',
    ]);
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
