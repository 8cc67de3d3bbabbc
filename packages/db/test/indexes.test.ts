import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../src/testing/index.ts';

const db = useTestDatabase();
let busyUser: string;
let busyConversation: string;

/**
 * Seeds with set-based SQL: 200 users with 20 conversations each plus one busy user with 1,000;
 * 10 messages per conversation plus one busy conversation, 50,000 messages in all; 20 tasks per
 * user, 5,000 for the busy one.
 */
async function seed() {
  const connection = db.orm.em.getConnection();
  const execute = (sql: string) => connection.execute(sql);
  await execute(`insert into users (id, email, password_hash)
    select uuidv7(), 'user' || g || '@example.com', 'hash' from generate_series(1, 201) g`);
  const [busy] = await connection.execute<{ id: string }[]>('select id from users order by id limit 1');
  busyUser = busy?.id as string;
  await execute(`insert into conversations (id, user_id, title, updated_at)
    select uuidv7(), u.id, 'chat ' || g, now() - (g || ' minutes')::interval
    from users u cross join generate_series(1, 20) g where u.id <> '${busyUser}'`);
  await execute(`insert into conversations (id, user_id, title, updated_at)
    select uuidv7(), '${busyUser}', 'chat ' || g, now() - (g || ' minutes')::interval from generate_series(1, 1000) g`);
  await execute(`insert into messages (id, conversation_id, user_id, role, content, created_at)
    select uuidv7(), c.id, c.user_id, case when g % 2 = 0 then 'assistant' else 'user' end,
           'message ' || g, now() - (g || ' seconds')::interval
    from conversations c cross join generate_series(1, 9) g`);
  const [conversation] = await connection.execute<{ id: string }[]>(
    `select id from conversations where user_id = '${busyUser}' limit 1`,
  );
  busyConversation = conversation?.id as string;
  await execute(`insert into messages (id, conversation_id, user_id, role, content, created_at)
    select uuidv7(), '${busyConversation}', '${busyUser}', 'user', 'long thread ' || g, now() - (g || ' seconds')::interval
    from generate_series(1, 50000 - (select count(*) from messages)) g`);
  await execute(`insert into tasks (id, user_id, title, completed, created_at)
    select uuidv7(), u.id, 'task ' || g, g % 3 = 0, now() - (g || ' minutes')::interval
    from users u cross join generate_series(1, case when u.id = '${busyUser}' then 5000 else 20 end) g`);
  await execute('analyze');
}

beforeAll(seed);

/** A real keyset position, as the API inlines it: the sort key (as text) and id `offset` rows from the newest. */
async function positionAt(table: string, sortColumn: string, owner: [string, string], offset: number) {
  const [row] = await db.orm.em.getConnection().execute<{ at: string; id: string }[]>(
    `select ${sortColumn}::text as at, id from ${table} where ${owner[0]} = ?
     order by ${sortColumn} desc, id desc offset ? limit 1`,
    [owner[1], offset],
  );
  return [row?.at, row?.id];
}

async function plan(sql: string, params: unknown[]): Promise<string> {
  const rows = await db.orm.em.getConnection().execute<{ 'QUERY PLAN': string }[]>(`explain ${sql}`, params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('hot queries use their indexes (50,000 messages)', () => {
  it('has the rows the plans are judged on', async () => {
    const [row] = await db.orm.em.getConnection().execute<{ count: string }[]>('select count(*) from messages');
    expect(Number(row?.count)).toBe(50_000);
  });

  it('first page of a user’s conversations: index scan on (user_id, updated_at desc, id desc), no sort', async () => {
    const text = await plan(
      'select * from conversations where user_id = ? order by updated_at desc, id desc limit 20',
      [busyUser],
    );
    expect(text).toMatch(/Index Scan using conversations_user_recent_idx/);
    expect(text).not.toMatch(/Sort/);
  });

  it('a deep page of a user’s conversations starts at its cursor in the index, whatever the depth', async () => {
    const cursor = await positionAt('conversations', 'updated_at', ['user_id', busyUser], 979);
    const text = await plan(
      `select * from conversations where user_id = ? and (updated_at, id) < (?, ?)
       order by updated_at desc, id desc limit 21`,
      [busyUser, ...cursor],
    );
    // The keyset condition is an index condition: the scan starts at the cursor, skipping nothing.
    expect(text).toMatch(/Index Cond: .*ROW\(updated_at, id\) < ROW/);
  });

  it('latest 50 messages of a conversation: backward index scan on (conversation_id, user_id, created_at, id), no sort', async () => {
    const text = await plan(
      'select * from messages where conversation_id = ? and user_id = ? order by created_at desc, id desc limit 50',
      [busyConversation, busyUser],
    );
    expect(text).toMatch(/Index Scan Backward using messages_conversation_user_created_idx/);
    expect(text).not.toMatch(/Sort/);
  });

  it('a keyset page of older messages also reads the index in order', async () => {
    // The cursor of page 20, as the API sends it: the position of a real message, inlined.
    const cursor = await positionAt('messages', 'created_at', ['conversation_id', busyConversation], 999);
    const text = await plan(
      `select * from messages where conversation_id = ? and user_id = ? and (created_at, id) < (?, ?)
       order by created_at desc, id desc limit 50`,
      [busyConversation, busyUser, ...cursor],
    );
    expect(text).toMatch(/Index Scan Backward using messages_conversation_user_created_idx/);
    expect(text).not.toMatch(/Sort/);
  });

  it('a page of a user’s tasks: status all and status open each have an index in their order, no sort', async () => {
    const all = await plan('select * from tasks where user_id = ? order by created_at desc, id desc limit 21', [
      busyUser,
    ]);
    expect(all).toMatch(/Index Scan using tasks_user_recent_idx/);
    expect(all).not.toMatch(/Sort/);
    const open = await plan(
      'select * from tasks where user_id = ? and completed = ? order by created_at desc, id desc limit 21',
      [busyUser, false],
    );
    expect(open).toMatch(/Index Scan using tasks_user_status_recent_idx/);
    expect(open).not.toMatch(/Sort/);
  });
});
