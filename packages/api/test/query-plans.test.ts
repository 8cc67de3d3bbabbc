import { oneBranchStatements, useTestDatabase } from '@taskchat/db/testing';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondsUntilTokensUnder, selectUsageByDay } from '../src/chat/chat-usage.data.ts';
import { readHistory } from '../src/chat/history.data.ts';
import { selectConversationPage } from '../src/conversations/conversations.data.ts';
import { selectSearchPage } from '../src/conversations/search.data.ts';
import { selectTrashPage } from '../src/conversations/trash.data.ts';
import type { Database, Tables } from '../src/database.ts';
import { exportConversations } from '../src/export/export.data.ts';
import { selectBranchPage } from '../src/messages/branch.data.ts';
import { cursorInput, encodeCursor } from '../src/pagination/cursor.ts';
import { deliverDueReminders, selectDeliveredReminderPage } from '../src/reminders/reminders.data.ts';
import { selectTaskViewPage, type TaskPageRequest } from '../src/tasks/task-page.data.ts';

/**
 * The plans of the statements the API's own data functions build (not copies of them): each
 * function runs on a Kysely instance that records what it sends, and that statement is EXPLAINed
 * with its parameters.
 */
const db = useTestDatabase();
let busyUser: string;
let busyConversation: string;
/** The busy conversation's leaf, its newest message. */
let leafOfBusy: string;
let pool: pg.Pool;
let recording: Database;
const sent: CompiledQuery[] = [];

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
  await execute(`insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
    select uuidv7(), c.id, c.user_id, case when g % 2 = 0 then 'assistant' else 'user' end,
           'message ' || g, now() - (g || ' seconds')::interval, 10 - g
    from conversations c cross join generate_series(1, 9) g`);
  const [conversation] = await connection.execute<{ id: string }[]>(
    `select id from conversations where user_id = '${busyUser}' limit 1`,
  );
  busyConversation = conversation?.id as string;
  await execute(`insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
    select uuidv7(), '${busyConversation}', '${busyUser}', 'user', 'long thread ' || g, now() - (g || ' seconds')::interval, -g
    from generate_series(1, 50000 - (select count(*) from messages)) g`);
  // Each conversation one branch, ending at its newest message.
  for (const statement of oneBranchStatements()) await execute(statement);
  const [leaf] = await connection.execute<{ leaf_id: string }[]>(
    `select leaf_id from conversations where id = '${busyConversation}'`,
  );
  leafOfBusy = leaf?.leaf_id as string;
  // Tasks: a third done; half of the busy user's in a second project; half due between 45 days
  // ago and 45 days ahead (every third of those timed); positions in creation order.
  await execute(`insert into projects (id, user_id, name, position) values (uuidv7(), '${busyUser}', 'Work', 'a1')`);
  await execute(`insert into tasks (id, user_id, project_id, position, title, completed, completed_at, created_at, due_date, due_at)
    select uuidv7(), u.id,
      case when u.id = '${busyUser}' and g % 2 = 0 then (select id from projects where user_id = u.id and not inbox)
           else (select id from projects where user_id = u.id and inbox) end,
      'a' || lpad(g::text, 6, '0'), 'task ' || g, g % 3 = 0, case when g % 3 = 0 then now() end,
      now() - (g || ' minutes')::interval,
      case when g % 2 = 0 then current_date + (g % 91 - 45) end,
      case when g % 2 = 0 and g % 3 = 1 then (current_date + (g % 91 - 45)) + time '09:30' end
    from users u cross join generate_series(1, case when u.id = '${busyUser}' then 5000 else 20 end) g`);
  await execute('analyze');
}

beforeAll(async () => {
  await seed();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  recording = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') sent.push(event.query);
    },
  });
});
afterAll(() => recording?.destroy());

/** Runs a data function and returns the plan of the statement it sent that matches `statement`. */
/** The statement `run` sent that matches `statement`. */
async function sentBy(run: (db: Database) => Promise<unknown>, statement: RegExp): Promise<CompiledQuery> {
  sent.length = 0;
  await run(recording);
  const query = sent.find((candidate) => statement.test(candidate.sql));
  if (!query) throw new Error(`no statement matching ${statement} among: ${sent.map((q) => q.sql).join('; ')}`);
  return query;
}

async function explain(statement: string, parameters: readonly unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${statement}`, [...parameters]);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function planOf(run: (db: Database) => Promise<unknown>, statement: RegExp): Promise<string> {
  const query = await sentBy(run, statement);
  return await explain(query.sql, query.parameters);
}

/**
 * The plan of the statement inside a PL/pgSQL function (its `return query …;`), EXPLAINed with
 * the arguments of a call `run` sent to it (the call's own plan is only "Function Scan").
 */
async function functionPlanOf(run: (db: Database) => Promise<unknown>, name: string): Promise<string> {
  const call = await sentBy(run, new RegExp(`\\b${name}\\(`));
  const { rows } = await pool.query<{ src: string; names: string[]; inputs: number }>(
    'select prosrc as src, proargnames as names, pronargs as inputs from pg_proc where proname = $1',
    [name],
  );
  const [definition] = rows;
  const body = /return query([\s\S]*?);\s*end\s*$/.exec(definition?.src ?? '')?.[1];
  if (!definition || !body) throw new Error(`no function ${name} returning a query`);
  // Its arguments, in order, become the call's parameters (the call passes them as $1, $2, …).
  const statement = definition.names
    .slice(0, definition.inputs)
    .reduce((text, argument, i) => text.replace(new RegExp(`\\b${argument}\\b`, 'g'), `$${i + 1}`), body);
  const offset = Number(/\$(\d+)/.exec(call.sql.slice(call.sql.indexOf(`${name}(`)))?.[1] ?? 1) - 1;
  return await explain(statement, call.parameters.slice(offset, offset + definition.inputs));
}

/** A cursor at the row `offset` rows from the newest of a list, as the API would hand it out. */
async function cursorAt(scope: string, table: string, sortColumns: string[], owner: [string, string], offset: number) {
  const order = sortColumns.map((column) => `${column} desc`).join(', ');
  const [row] = await db.orm.em
    .getConnection()
    .execute<Record<string, string | boolean | number>[]>(
      `select ${sortColumns.join(', ')}, id from ${table} where ${owner[0]} = ? order by ${order}, id desc offset ? limit 1`,
      [owner[1], offset],
    );
  const keys = sortColumns.map((column) => {
    const value = row?.[column];
    return typeof value === 'boolean' || typeof value === 'number' ? value : new Date(value as string);
  });
  return cursorInput.parse(encodeCursor(scope, { keys, id: row?.id as string }));
}

describe('hot queries use their indexes (50,000 messages)', () => {
  it('has the rows the plans are judged on', async () => {
    const [row] = await db.orm.em.getConnection().execute<{ count: string }[]>('select count(*) from messages');
    expect(Number(row?.count)).toBe(50_000);
  });

  it('conversations.list first page, archived or not: index scan on (user_id, archived, pinned desc, updated_at desc, id desc), no sort', async () => {
    for (const archived of [false, true]) {
      const plan = await planOf(
        (db) => selectConversationPage(db, busyUser, { archived, limit: 20 }),
        /from "conversations"/,
      );
      expect(plan).toMatch(/Index Scan using conversations_user_list_idx/);
      expect(plan).toMatch(/Index Cond: \(\(user_id = .*\) AND \(archived = /);
      expect(plan).not.toMatch(/Sort/);
    }
  });

  it('conversations.list deep page: starts at its cursor in the index, whatever the depth', async () => {
    const cursor = await cursorAt(
      'conversations',
      'conversations',
      ['pinned', 'updated_at'],
      ['user_id', busyUser],
      979,
    );
    const plan = await planOf(
      (db) => selectConversationPage(db, busyUser, { archived: false, limit: 20, cursor }),
      /from "conversations"/,
    );
    // The keyset condition is an index condition: the scan starts at the cursor, skipping nothing.
    expect(plan).toMatch(/Index Cond: .*ROW\(pinned, updated_at, id\) < ROW/);
  });

  it('conversations.trash: index scan on the partial (user_id, deleted_at desc, id desc) index, no sort', async () => {
    const plan = await planOf((db) => selectTrashPage(db, busyUser, { limit: 20 }), /from "conversations"/);
    expect(plan).toMatch(/Index Scan using conversations_user_trash_idx/);
    expect(plan).toMatch(/Index Cond: \(user_id = /);
    expect(plan).not.toMatch(/Sort/);
  });

  it('conversations.search: the GIN index on (user_id, search_vector), with the caller’s id in its condition', async () => {
    const plan = await planOf(
      (db) => selectSearchPage(db, busyUser, { query: '12345', limit: 20 }),
      /from \(select .* from "conversations"/,
    );
    expect(plan).toMatch(/Bitmap Index Scan on messages_user_search_idx/);
    expect(plan).toMatch(/Index Cond: \(\(user_id = .*\) AND \(search_vector @@ /);
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it('messages.list latest page: branch_page walks up the parents by primary key, siblings from their indexes, no scan', async () => {
    const page = (db: Database) => selectBranchPage(db, busyUser, { conversationId: busyConversation, limit: 50 });
    const plan = await functionPlanOf(page, 'branch_page');
    // branch_ids, a SQL function, is inlined: its walk is planned inside the page's statement.
    expect(plan).not.toMatch(/Function Scan/);
    expect(plan).toMatch(/Recursive Union/);
    expect(plan).toMatch(/Index Scan using messages_pkey on messages m/);
    expect(plan).toMatch(/Index Cond: \(id = b(_1)?\.parent_id\)/);
    expect(plan).toMatch(/messages_parent_seq_idx/);
    expect(plan).toMatch(/messages_conversation_roots_idx/);
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it('messages.list older page: starts at the parent of the cursor’s message, the same walk', async () => {
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ id: string; seq: number }[]>(
        'select id, seq from messages where conversation_id = ? order by seq desc offset 999 limit 1',
        [busyConversation],
      );
    const cursor = cursorInput.parse(
      encodeCursor(`branch:${busyConversation}`, { keys: [row?.seq as number], id: row?.id as string }),
    );
    const olderPage = (db: Database) =>
      selectBranchPage(db, busyUser, { conversationId: busyConversation, limit: 50, cursor });
    const call = await sentBy(olderPage, /branch_page\(/);
    // The walk starts at the parent of the cursor's message, 1,000 messages up the branch.
    const [start] = await db.orm.em
      .getConnection()
      .execute<{ parent_id: string }[]>('select parent_id from messages where id = ?', [row?.id]);
    expect(call.parameters.slice(0, 3)).toEqual([busyUser, busyConversation, start?.parent_id]);
    expect(await functionPlanOf(olderPage, 'branch_page')).not.toMatch(/Seq Scan on messages/);
  });

  it("a chat turn's history: the same walk up from the message it answers, no scan", async () => {
    const history = (db: Database) =>
      readHistory(db, busyUser, { conversationId: busyConversation, messageId: leafOfBusy }, 100_000);
    const plan = await planOf(history, /branch_ids\(/);
    expect(plan).toMatch(/Recursive Union/);
    expect(plan).toMatch(/Index Scan using messages_pkey on messages m/);
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it("the export: a conversation's messages batch after batch by seq, each batch an index range, no sort", async () => {
    const plan = await planOf(async (db) => {
      for await (const line of exportConversations(db, busyUser, busyConversation)) if (line.type === 'message') break;
    }, /from "messages"/);
    expect(plan).toMatch(/Index Scan using messages_conversation_(user_)?seq_(idx|unique)/);
    expect(plan).toMatch(/Index Cond: .*\(seq > /);
    expect(plan).not.toMatch(/Sort/);
  });

  const view = (request: Partial<TaskPageRequest> & Pick<TaskPageRequest, 'view'>): TaskPageRequest => ({
    limit: 20,
    today: new Date().toISOString().slice(0, 10),
    now: new Date(),
    ...request,
  });

  it('tasks.list: every view is read from its index in its order, no sort', async () => {
    const [project] = await db.orm.em
      .getConnection()
      .execute<{ id: string }[]>(`select id from projects where user_id = ? and not inbox`, [busyUser]);
    const expected: [TaskPageRequest, RegExp][] = [
      [view({ view: 'all' }), /Index Scan using tasks_user_recent_idx/],
      [view({ view: 'inbox' }), /Index Scan using tasks_user_project_order_idx/],
      [view({ view: 'project', projectId: project?.id }), /Index Scan using tasks_user_project_order_idx/],
      [view({ view: 'today' }), /Index Scan using tasks_user_due_idx/],
      [view({ view: 'upcoming' }), /Index Scan using tasks_user_due_idx/],
      [view({ view: 'overdue' }), /Index Scan using tasks_user_due_idx/],
      [view({ view: 'done' }), /Index Scan using tasks_user_done_idx/],
      [view({ view: 'all', openOnly: true }), /Index Scan using tasks_user_recent_idx/],
      // The assistant's list_tasks: every open task due in a range of days, by due.
      [view({ view: 'dated', dueFrom: '2026-01-01', dueTo: '2026-12-31' }), /Index Scan using tasks_user_due_idx/],
    ];
    for (const [request, index] of expected) {
      const plan = await planOf((db) => selectTaskViewPage(db, busyUser, request), /from "tasks" where "tasks"/);
      expect(plan, `${request.view}: ${plan}`).toMatch(index);
      expect(plan, `${request.view}: ${plan}`).not.toMatch(/Sort/);
    }
  });

  it('tasks.list deep pages: a project view starts at its cursor in the index; the due views seek to the cursor day', async () => {
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ position: string; id: string }[]>(
        `select position, id from tasks where user_id = ? and project_id = (select id from projects where user_id = ? and inbox) and not completed order by position, id offset 1000 limit 1`,
        [busyUser, busyUser],
      );
    const cursor = cursorInput.parse(
      encodeCursor('tasks:inbox::::', { keys: [row?.position as string], id: row?.id as string }),
    );
    const plan = await planOf(
      (db) => selectTaskViewPage(db, busyUser, view({ view: 'inbox', cursor })),
      /from "tasks" where "tasks"/,
    );
    expect(plan).toMatch(/Index Cond: .*ROW\(\(?"?position"?\)?(::text)?, id\) > ROW/);
    expect(plan).not.toMatch(/Sort/);
    const [due] = await db.orm.em
      .getConnection()
      .execute<{ due_date: string; id: string }[]>(
        `select to_char(due_date, 'YYYY-MM-DD') as due_date, id from tasks where user_id = ? and not completed and due_date is not null order by due_date, due_at nulls first, id offset 300 limit 1`,
        [busyUser],
      );
    const dueCursor = cursorInput.parse(
      encodeCursor('tasks:upcoming::::', { keys: [due?.due_date as string, null], id: due?.id as string }),
    );
    const upcoming = await planOf(
      (db) => selectTaskViewPage(db, busyUser, view({ view: 'upcoming', today: '2000-01-01', cursor: dueCursor })),
      /from "tasks" where "tasks"/,
    );
    expect(upcoming).toMatch(/Index Scan using tasks_user_due_idx/);
    expect(upcoming).toMatch(/Index Cond: .*due_date >= /);
    expect(upcoming).not.toMatch(/Sort/);
  });
});

describe('reminder delivery and reminders.list use their indexes (150,000 reminders)', () => {
  beforeAll(async () => {
    const connection = db.orm.em.getConnection();
    // Per task: 10 delivered reminders, 5 due in the future, and for one task in 500 one due now.
    await connection.execute(`insert into reminders (id, task_id, user_id, at, fire_at, delivered_at)
      select uuidv7(), t.id, t.user_id, now() - (g || ' hours')::interval, now() - (g || ' hours')::interval,
             now() - (g || ' hours')::interval + interval '1 second'
      from tasks t cross join generate_series(1, 10) g`);
    await connection.execute(`insert into reminders (id, task_id, user_id, at, fire_at)
      select uuidv7(), t.id, t.user_id, now() + (g || ' days')::interval, now() + (g || ' days')::interval
      from tasks t cross join generate_series(1, 5) g`);
    await connection.execute(`insert into reminders (id, task_id, user_id, at, fire_at)
      select uuidv7(), t.id, t.user_id, now() - interval '1 minute', now() - interval '1 minute'
      from tasks t where not t.completed and abs(hashtext(t.id::text)) % 500 = 0`);
    await connection.execute('analyze reminders');
  });

  it('has the rows the plans are judged on', async () => {
    const [row] = await db.orm.em.getConnection().execute<{ count: string }[]>('select count(*) from reminders');
    expect(Number(row?.count)).toBeGreaterThan(100_000);
  });

  it('delivery: the due reminders come from reminders_due_idx in fire_at order, never a scan of the table', async () => {
    const plan = await planOf((db) => deliverDueReminders(db, 500), /update "reminders"/);
    expect(plan).toMatch(/Index Scan using reminders_due_idx/);
    expect(plan).toMatch(/Index Cond: \(.*fire_at <= now\(\)\)/);
    expect(plan).toMatch(/LockRows/);
    expect(plan).not.toMatch(/Seq Scan on reminders/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('reminders.list: index scan on (user_id, delivered_at desc, id desc), no sort', async () => {
    const plan = await planOf((db) => selectDeliveredReminderPage(db, busyUser, { limit: 20 }), /from "reminders"/);
    expect(plan).toMatch(/Index Scan using reminders_user_delivered_idx/);
    expect(plan).toMatch(/Index Cond: \(user_id = /);
    expect(plan).not.toMatch(/Sort/);
  });
});

describe("chat.usage and the token quota read a user's turns from their index", () => {
  beforeAll(async () => {
    const connection = db.orm.em.getConnection();
    // A turn for every user message (30,000, most of them the busy user's), over the last 400 days.
    await connection.execute(`insert into chat_turns (id, user_id, conversation_id, client_id, status, user_message_id,
        expires_at, created_at, model, input_tokens, output_tokens, cached_input_tokens, latency_ms)
      select uuidv7(), m.user_id, m.conversation_id, uuidv7(), 'done', m.id, now(),
             now() - (abs(hashtext(m.id::text)) % (400 * 24 * 60) || ' minutes')::interval, 'm', 100, 10, 50, 800
      from messages m where m.role = 'user'`);
    await connection.execute('analyze chat_turns');
  });

  it('has the rows the plans are judged on', async () => {
    const [row] = await db.orm.em.getConnection().execute<{ count: string }[]>('select count(*) from chat_turns');
    expect(Number(row?.count)).toBe(30_000);
  });

  it('chat.usage: the range of (user_id, created_at), never a scan of the table', async () => {
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const plan = await planOf(
      (db) => selectUsageByDay(db, busyUser, { timeZone: 'Pacific/Auckland', from: day(29), to: day(0) }),
      /from "chat_turns"/,
    );
    expect(plan).toMatch(/chat_turns_user_created_idx/);
    expect(plan).toMatch(/Index Cond: \(\(user_id = .*\) AND \(created_at >= .*\) AND \(created_at < /);
    expect(plan).not.toMatch(/Seq Scan on chat_turns/);
  });

  it('the token quota: the last 24 hours of (user_id, created_at)', async () => {
    const plan = await planOf((db) => secondsUntilTokensUnder(db, busyUser, 1_000), /from "chat_turns"/);
    expect(plan).toMatch(/chat_turns_user_created_idx/);
    expect(plan).toMatch(/Index Cond: \(\(user_id = .*\) AND \(created_at > \(now\(\) - /);
    expect(plan).not.toMatch(/Seq Scan on chat_turns/);
  });
});
