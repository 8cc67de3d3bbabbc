import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

/**
 * Hostile input to every planning procedure, over real HTTP: each refusal is a 4xx typed tRPC
 * error naming the field, with no stack, that stores nothing (the caller's and another user's
 * rows are fingerprinted around it), and the server keeps serving.
 */
const server = useServer({ BODY_LIMIT: String(4 * 1024 * 1024) });

const QUERIES = new Set([
  'tasks.list',
  'tasks.parse',
  'tasks.trash',
  'tasks.search',
  'projects.list',
  'labels.list',
  'reminders.list',
]);

interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a tRPC error body, read loosely
  error: any;
  // biome-ignore lint/suspicious/noExplicitAny: a tRPC result body, read loosely
  data: any;
}

interface User {
  id: string;
  token: string;
}
let alice: User;
let bob: User;

/** Counts refused inputs, for the report. */
let refusedInputs = 0;

/** A raw tRPC call: `meta` marks superjson Dates (`{ 'reminders.0.at': ['Date'] }`); `body` replaces the JSON. */
async function call(
  path: string,
  input: unknown,
  options: { token?: string; meta?: Record<string, ['Date']>; body?: string; rawQuery?: string } = {},
): Promise<Answer> {
  const token = options.token ?? alice.token;
  const envelope = JSON.stringify(options.meta ? { json: input, meta: { values: options.meta } } : { json: input });
  const headers = { authorization: `Bearer ${token}` };
  let response: Response;
  if (QUERIES.has(path)) {
    const query =
      options.rawQuery ?? (input === undefined && !options.meta ? '' : `?input=${encodeURIComponent(envelope)}`);
    response = await fetch(`${server.origin}/trpc/${path}${query}`, { headers });
  } else {
    response = await fetch(`${server.origin}/trpc/${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: options.body ?? envelope,
    });
  }
  const text = await response.text();
  let parsed: { error?: { json?: unknown }; result?: { data?: { json?: unknown } } } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (e.g. a 431 from Node's HTTP parser)
  }
  return { status: response.status, text, error: parsed.error?.json, data: parsed.result?.data?.json };
}

const execute = <T>(statement: string, params: unknown[] = []) =>
  server.db.orm.em.getConnection().execute<T[]>(statement, params);

const PLANNING_TABLES = ['tasks', 'projects', 'labels', 'reminders', 'task_labels', 'task_completions'] as const;

/** Every planning row of a user, hashed, and their profile: any write shows. */
async function fingerprint(userId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of PLANNING_TABLES) {
    parts.push(
      await execute(
        `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${table} x where user_id = ?`,
        [userId],
      ),
    );
  }
  parts.push(await execute('select name, time_zone from users where id = ?', [userId]));
  return JSON.stringify(parts);
}

interface Refusal {
  /** The field the error must name (zod's field errors, or the message). */
  field?: string;
  /** The exact tRPC code, when it matters. */
  code?: string;
  meta?: Record<string, ['Date']>;
  body?: string;
  rawQuery?: string;
}

const STACK = /at .*\.(ts|js):\d+|node_modules|\bat async\b/;

/** The call is refused with a typed 4xx, names the field, leaks no stack, and changes no one's rows. */
async function expectRefused(path: string, input: unknown, refusal: Refusal = {}): Promise<Answer> {
  const [aliceBefore, bobBefore] = [await fingerprint(alice.id), await fingerprint(bob.id)];
  const answer = await call(path, input, refusal);
  const label = `${path} ${JSON.stringify(input)?.slice(0, 200)}`;
  expect(answer.status, `${label}: ${answer.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${label}: ${answer.text.slice(0, 500)}`).toBeLessThan(500);
  expect(answer.text, label).not.toMatch(STACK);
  if (answer.status !== 413 && answer.status !== 431) {
    expect(answer.error, `${label}: ${answer.text.slice(0, 300)}`).toBeDefined();
    expect(answer.error.data.httpStatus, label).toBe(answer.status);
    expect(answer.error.data.stack, label).toBeUndefined();
    expect(typeof answer.error.message, label).toBe('string');
    if (refusal.code) expect(answer.error.data.code, `${label}: ${answer.error.message}`).toBe(refusal.code);
    if (refusal.field) {
      const fields = Object.keys(answer.error.data.zodError?.fieldErrors ?? {});
      const named = fields.includes(refusal.field) || answer.error.message.includes(refusal.field);
      expect(named, `${label} names ${refusal.field}: ${answer.error.message.slice(0, 300)}`).toBe(true);
    }
  }
  expect(await fingerprint(alice.id), `${label} stored nothing`).toBe(aliceBefore);
  expect(await fingerprint(bob.id), `${label} left the other user alone`).toBe(bobBefore);
  refusedInputs++;
  return answer;
}

/** Refused BAD_REQUEST for each value of `field` in `base`. */
async function expectEachRefused(
  path: string,
  base: Record<string, unknown>,
  field: string,
  values: unknown[],
  named = field,
) {
  for (const value of values) {
    await expectRefused(path, { ...base, [field]: value }, { field: named, code: 'BAD_REQUEST' });
  }
}

/** Another user's id is refused exactly as a random one: the same status, code and message. */
async function expectNotFoundAsRandom(path: string, build: (id: string) => unknown, foreignId: string) {
  const random = randomUUID();
  const foreign = await expectRefused(path, build(foreignId), { code: 'NOT_FOUND' });
  const missing = await expectRefused(path, build(random), { code: 'NOT_FOUND' });
  expect(foreign.status).toBe(missing.status);
  expect(foreign.error.message.replaceAll(foreignId, 'ID')).toBe(missing.error.message.replaceAll(random, 'ID'));
}

async function expectStillServing() {
  const created = await server.client(alice.token).tasks.create.mutate({ title: 'still serving' });
  expect(created.title).toBe('still serving');
  await server.client(alice.token).tasks.delete.mutate({ id: created.id });
  await server.client(alice.token).tasks.purge.mutate({ id: created.id });
}

async function signUp(email: string): Promise<User> {
  const { token } = await server.client().auth.signUp.mutate({ email, password: TEST_PASSWORD });
  const me = await server.client(token).auth.me.query();
  return { id: me.id, token };
}

// Alice's fixtures.
let inbox: string;
let work: string;
let home: string;
let taskA: string;
let taskB: string;
let taskC: string;
let homeTask: string;
let chain: string[];
let recurring: string;
let trashed: string;
// Bob's.
let bobProject: string;
let bobTask: string;
let bobTrashed: string;
let bobSnapshot: unknown;

async function snapshotOf(user: User) {
  const client = server.client(user.token);
  return {
    projects: [...(await client.projects.list.query()), ...(await client.projects.list.query({ archived: true }))],
    labels: await client.labels.list.query(),
    tasks: (await client.tasks.list.query({ view: 'all', limit: 100 })).items,
    trash: (await client.tasks.trash.query({ limit: 100 })).items,
    me: await client.auth.me.query(),
  };
}

beforeAll(async () => {
  alice = await signUp('hostile@example.com');
  bob = await signUp('victim@example.com');
  const a = server.client(alice.token);
  inbox = (await a.projects.list.query()).find((project) => project.inbox)?.id as string;
  work = (await a.projects.create.mutate({ name: 'Work', color: 'blue' })).id;
  home = (await a.projects.create.mutate({ name: 'Home' })).id;
  taskA = (await a.tasks.create.mutate({ title: 'A', projectId: work })).id;
  taskB = (await a.tasks.create.mutate({ title: 'B', projectId: work })).id;
  taskC = (await a.tasks.create.mutate({ title: 'C', projectId: work })).id;
  homeTask = (await a.tasks.create.mutate({ title: 'H', projectId: home, labels: ['chores'] })).id;
  chain = [];
  for (const title of ['d1', 'd2', 'd3', 'd4']) {
    const parentId = chain.at(-1);
    chain.push((await a.tasks.create.mutate({ title, ...(parentId ? { parentId } : {}) })).id);
  }
  recurring = (
    await a.tasks.create.mutate({
      title: 'weekly',
      due: { date: '2027-01-04' },
      recurrence: 'FREQ=WEEKLY',
      reminders: [{ minutesBefore: 30 }],
    })
  ).id;
  trashed = (await a.tasks.create.mutate({ title: 'trashed' })).id;
  await a.tasks.delete.mutate({ id: trashed });

  const b = server.client(bob.token);
  bobProject = (await b.projects.create.mutate({ name: 'Bob project', color: 'red' })).id;
  bobTask = (
    await b.tasks.create.mutate({
      title: 'bob task',
      projectId: bobProject,
      labels: ['boblabel'],
      due: { date: '2027-02-01', time: '10:00' },
      reminders: [{ minutesBefore: 15 }],
    })
  ).id;
  await b.tasks.create.mutate({ title: 'bob sub', parentId: bobTask });
  bobTrashed = (await b.tasks.create.mutate({ title: 'bob trashed' })).id;
  await b.tasks.delete.mutate({ id: bobTrashed });
  bobSnapshot = await snapshotOf(bob);
});

const due = { date: '2027-01-04' };

describe('hostile planning input: 4xx, the field named, nothing stored, still serving', () => {
  it('invalid recurrence rules', async () => {
    const base = { title: 'r', due };
    await expectEachRefused('tasks.create', base, 'recurrence', [
      'garbage',
      'FREQ=SECONDLY',
      'FREQ=MINUTELY',
      'FREQ=HOURLY;INTERVAL=1',
      'RRULE:FREQ=DAILY\nDTSTART:20270101T000000Z',
      'DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY',
      'RRULE:DTSTART=20270101T000000Z;FREQ=DAILY',
      'FREQ=DAILY;TZID=Europe/Paris',
      'FREQ=DAILY;COUNT=0',
      'FREQ=DAILY;UNTIL=20200101T000000Z',
      `FREQ=DAILY;${'BYDAY=MO;'.repeat(1200)}`,
      'x'.repeat(10_000),
      'FREQ=WEEKLY;BYDAY=XX',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=MONTHLY;BYMONTHDAY=32',
      'FREQ=YEARLY;BYMONTH=13',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;INTERVAL=-1',
      'FREQ=DAILY;COUNT=-5',
      'FREQ=DAILY;COUNT=1.5',
      'FREQ=DAILY;INTERVAL=1.5',
      'FREQ=WEEKLY;INTERVAL=-2;BYDAY=MO',
      'FREQ=DAILY;BYHOUR=25',
      'FREQ=DAILY;BYHOUR=1,2,3',
      'FREQ=DAILY;BYMINUTE=0,30',
      'FREQ=DAILY;BYSETPOS=0',
      'FREQ=DAILY;UNTIL=garbage',
      'INTERVAL=2',
      'FREQ=FORTNIGHTLY',
      '',
      '   ',
      ';;;',
      'FREQ=DAILY\u0000',
      123,
      ['FREQ=DAILY'],
      { freq: 'DAILY' },
      true,
    ]);
    // A rule with no due date to start from.
    await expectRefused('tasks.create', { title: 'r', recurrence: 'FREQ=DAILY' }, { field: 'recurrence' });
    // Updates: a rule with no occurrence, removing the due of a recurring task.
    await expectRefused(
      'tasks.update',
      { id: recurring, recurrence: 'FREQ=DAILY;UNTIL=20200101T000000Z' },
      { field: 'recurrence', code: 'BAD_REQUEST' },
    );
    await expectRefused(
      'tasks.update',
      { id: recurring, due: { date: '2027-01-05' }, recurrence: 'FREQ=DAILY;COUNT=0' },
      { field: 'recurrence', code: 'BAD_REQUEST' },
    );
    await expectRefused('tasks.update', { id: recurring, due: null }, { field: 'due', code: 'BAD_REQUEST' });
    await expectRefused('tasks.update', { id: recurring, recurrence: 'FREQ=SECONDLY' }, { field: 'recurrence' });
    // A negative INTERVAL made rrule iterate for ever when the task was completed (the server hung).
    await expectRefused(
      'tasks.update',
      { id: recurring, recurrence: 'FREQ=DAILY;INTERVAL=-1' },
      { field: 'recurrence' },
    );
    await expectStillServing();
  });

  it('impossible dates and times', async () => {
    const dates = [
      '2026-02-30',
      '2027-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '0000-01-01',
      '1969-12-31',
      '99999-01-01',
      '2026-2-3',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '٢٠٢٦-٠١-٠١',
      '',
      20260101,
      {},
      [],
      true,
    ];
    for (const date of dates) {
      await expectRefused('tasks.create', { title: 'd', due: { date } }, { field: 'due', code: 'BAD_REQUEST' });
    }
    await expectEachRefused('tasks.create', { title: 'd' }, 'deadline', [
      '2026-02-30',
      '2026-13-01',
      '0000-01-01',
      '99999-01-01',
      '2026-2-3',
      1,
      {},
    ]);
    await expectEachRefused('tasks.create', { title: 'd' }, 'due', ['2027-01-04', 20270104, [], { time: '09:00' }]);
    for (const time of ['24:00', '9am', '09:60', '', '9:00', '09:00:00', ' 09:00', '25:00', '-1:00', 900, {}]) {
      await expectRefused(
        'tasks.create',
        { title: 't', due: { date: '2027-01-04', time } },
        { field: 'due', code: 'BAD_REQUEST' },
      );
    }
    await expectRefused('tasks.update', { id: taskA, due: { date: '2026-02-30' } }, { field: 'due' });
    await expectRefused('tasks.update', { id: taskA, due: { date: '2027-01-04', time: '24:00' } }, { field: 'due' });
    await expectRefused('tasks.update', { id: taskA, deadline: '2026-13-01' }, { field: 'deadline' });
    await expectStillServing();
  });

  it('time zones that are not IANA names', async () => {
    const zones = [
      'Mars/Olympus',
      '+05:00',
      'UTC+5',
      'GMT+05:00',
      '',
      ' ',
      'x'.repeat(10_000),
      `Europe/${'x'.repeat(64)}`,
      '../etc',
      '../../etc/passwd',
      'Europe/../Paris',
      'Europe/Paris\u0000',
      'Europe/Paris ',
      'Etc/GMT+99',
      'US/Pacific-New',
      "'; drop table users; --",
      5,
      null,
      {},
    ];
    for (const timeZone of zones) {
      await expectRefused('auth.updateProfile', { timeZone }, { field: 'timeZone', code: 'BAD_REQUEST' });
    }
    await expectRefused('auth.updateProfile', {}, { code: 'BAD_REQUEST' });
    for (const name of ['', '   ', 'x'.repeat(101), 'a\u0000b', 'a\uD800b', '\uDC00', 5]) {
      await expectRefused('auth.updateProfile', { name }, { field: 'name', code: 'BAD_REQUEST' });
    }
    // EST5EDT is an IANA link: accepting it is fine; put the zone back.
    const accepted = await server.client(alice.token).auth.updateProfile.mutate({ timeZone: 'EST5EDT' });
    expect(accepted.timeZone).toBe('EST5EDT');
    await server.client(alice.token).auth.updateProfile.mutate({ timeZone: 'UTC' });
    await expectStillServing();
  });

  it('priorities, colours, names and labels', async () => {
    await expectEachRefused('tasks.create', { title: 'p' }, 'priority', [0, 5, '1', 1.5, -1, null, 1e308, [1]]);
    await expectEachRefused('tasks.update', { id: taskA }, 'priority', [0, 5, '1', 1.5]);
    await expectEachRefused('projects.create', { name: 'Coloured' }, 'color', [
      'pink',
      'RED',
      '',
      '#ff0000',
      'rgb(255,0,0)',
      5,
      null,
    ]);
    await expectEachRefused('projects.update', { id: work }, 'color', ['pink', 'Blue', '']);
    const badNames = ['', '   ', '\u3000\u00a0', 'x'.repeat(121), 'a\u0000b', 'a\uD800b', '\uDFFFz', 5, null];
    await expectEachRefused('projects.create', {}, 'name', badNames);
    await expectEachRefused('projects.update', { id: work }, 'name', badNames);
    await expectRefused('projects.create', { name: 'work' }, { field: 'name', code: 'CONFLICT' });
    await expectRefused('projects.create', { name: 'INBOX' }, { field: 'name', code: 'CONFLICT' });
    await expectRefused('projects.update', { id: home, name: 'WORK' }, { field: 'name', code: 'CONFLICT' });
    await expectEachRefused('tasks.create', {}, 'title', [
      '',
      ' \n\t ',
      'x'.repeat(256),
      'a\u0000b',
      'a\uD800b',
      '\uDC00',
      42,
      null,
    ]);
    await expectEachRefused('tasks.update', { id: taskA }, 'title', ['', '  ', 'x'.repeat(256), '\uD83D']);
    await expectEachRefused('tasks.create', { title: 'd' }, 'description', ['x'.repeat(2001), 'a\u0000', '\uD800']);
    await expectEachRefused('tasks.create', { title: 'l' }, 'labels', [
      ['two words'],
      ['tab\there'],
      ['nbsp\u00a0x'],
      [''],
      ['x'.repeat(61)],
      ['a\u0000'],
      ['\uD800'],
      [5],
      'home',
      Array.from({ length: 1000 }, (_, i) => `label${i}`),
      Array.from({ length: 51 }, (_, i) => `l${i}`),
    ]);
    await expectEachRefused('tasks.update', { id: taskA }, 'labels', [['two words'], 'x']);
    // Labels differing only in case are one label.
    const client = server.client(alice.token);
    const twice = await client.tasks.create.mutate({ title: 'case', labels: ['Errand', 'errand', 'ERRAND'] });
    expect(twice.labels).toEqual(['Errand']);
    expect((await client.labels.list.query()).filter((label) => label.name.toLowerCase() === 'errand')).toHaveLength(1);
    await client.tasks.delete.mutate({ id: twice.id });
    await client.tasks.purge.mutate({ id: twice.id });
    await expectStillServing();
  });

  it('ids: malformed, another user’s (as a random one), the trash', async () => {
    const malformed = [
      'not-a-uuid',
      '',
      123,
      null,
      "'; delete from tasks; --",
      `{${randomUUID()}}`,
      `${randomUUID()}0`,
      'x'.repeat(10_000),
    ];
    for (const path of ['tasks.complete', 'tasks.reopen', 'tasks.delete', 'tasks.restore', 'tasks.purge']) {
      await expectEachRefused(path, {}, 'id', malformed.slice(0, 5));
      await expectNotFoundAsRandom(
        path,
        (id) => ({ id }),
        path === 'tasks.restore' || path === 'tasks.purge' ? bobTrashed : bobTask,
      );
    }
    await expectEachRefused('tasks.update', { title: 'x' }, 'id', malformed);
    await expectEachRefused('tasks.move', {}, 'id', malformed.slice(0, 4));
    await expectEachRefused('tasks.move', { id: taskA }, 'before', malformed.slice(0, 4));
    await expectEachRefused('projects.update', { name: 'x' }, 'id', malformed.slice(0, 4));
    await expectEachRefused('projects.archive', { archived: true }, 'id', malformed.slice(0, 3));
    await expectEachRefused('projects.delete', {}, 'id', malformed.slice(0, 3));
    await expectEachRefused('tasks.create', { title: 'x' }, 'parentId', malformed.slice(0, 3));
    await expectEachRefused('tasks.create', { title: 'x' }, 'projectId', malformed.slice(0, 3));

    await expectNotFoundAsRandom('tasks.update', (id) => ({ id, title: 'stolen' }), bobTask);
    await expectNotFoundAsRandom('tasks.create', (parentId) => ({ title: 'under bob', parentId }), bobTask);
    await expectNotFoundAsRandom('tasks.create', (projectId) => ({ title: 'in bob', projectId }), bobProject);
    await expectNotFoundAsRandom('tasks.move', (id) => ({ id, projectId: work }), bobTask);
    await expectNotFoundAsRandom('tasks.move', (projectId) => ({ id: taskA, projectId }), bobProject);
    await expectNotFoundAsRandom('tasks.move', (parentId) => ({ id: taskA, parentId }), bobTask);
    await expectNotFoundAsRandom('tasks.move', (before) => ({ id: taskA, before }), bobTask);
    await expectNotFoundAsRandom('tasks.move', (after) => ({ id: taskA, after }), bobTask);
    await expectNotFoundAsRandom('tasks.quickAdd', (projectId) => ({ text: 'x', projectId }), bobProject);
    await expectNotFoundAsRandom('projects.update', (id) => ({ id, name: 'mine now' }), bobProject);
    await expectNotFoundAsRandom('projects.update', (before) => ({ id: work, before }), bobProject);
    await expectNotFoundAsRandom('projects.archive', (id) => ({ id, archived: true }), bobProject);
    await expectNotFoundAsRandom('projects.delete', (id) => ({ id }), bobProject);
    await expectNotFoundAsRandom('tasks.list', (projectId) => ({ projectId }), bobProject);
    // The trash is invisible but to the trash's own procedures; a live task is not in the trash.
    await expectRefused('tasks.complete', { id: trashed }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.update', { id: trashed, title: 'x' }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.move', { id: taskA, before: trashed }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.create', { title: 'x', parentId: trashed }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.restore', { id: taskA }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.purge', { id: taskA }, { code: 'NOT_FOUND' });
    await expectStillServing();
  });

  it('parents and places: other projects, cycles, depth, itself', async () => {
    await expectRefused(
      'tasks.create',
      { title: 'x', projectId: home, parentId: taskA },
      { field: 'parentId', code: 'BAD_REQUEST' },
    );
    await expectRefused('tasks.create', { title: 'too deep', parentId: chain[3] }, { field: 'parentId' });
    await expectRefused('tasks.move', { id: chain[0], parentId: chain[2] }, { field: 'parentId', code: 'BAD_REQUEST' });
    await expectRefused('tasks.move', { id: chain[0], parentId: chain[0] }, { field: 'parentId', code: 'BAD_REQUEST' });
    await expectRefused('tasks.move', { id: chain[1], parentId: chain[3] }, { field: 'parentId', code: 'BAD_REQUEST' });
    // The chain moved whole under another task is five deep.
    await expectRefused('tasks.move', { id: chain[0], parentId: taskA }, { field: 'parentId', code: 'BAD_REQUEST' });
    await expectRefused(
      'tasks.move',
      { id: taskC, projectId: work, parentId: homeTask },
      { field: 'parentId', code: 'BAD_REQUEST' },
    );
    await expectRefused('tasks.move', { id: taskA, before: taskA }, { field: 'before', code: 'BAD_REQUEST' });
    await expectRefused('tasks.move', { id: taskA, after: taskA }, { field: 'after', code: 'BAD_REQUEST' });
    await expectRefused('tasks.move', { id: taskA, before: taskB, after: taskB }, { field: 'before' });
    await expectRefused('tasks.move', { id: taskC, after: taskB, before: taskA }, { field: 'after' });
    await expectRefused('tasks.move', { id: taskA, before: homeTask }, { code: 'NOT_FOUND' });
    await expectRefused('tasks.move', { id: taskA, projectId: home, before: taskB }, { code: 'NOT_FOUND' });
    // before and after that are not neighbours: the task lands between them.
    const client = server.client(alice.token);
    const extra = await client.tasks.create.mutate({ title: 'E', projectId: work });
    const moved = await client.tasks.move.mutate({ id: extra.id, after: taskA, before: taskC });
    const order = (await client.tasks.list.query({ projectId: work })).items.map((task) => task.id);
    expect(order.indexOf(moved.id)).toBeGreaterThan(order.indexOf(taskA));
    expect(order.indexOf(moved.id)).toBeLessThan(order.indexOf(taskC));
    await client.tasks.delete.mutate({ id: extra.id });
    await client.tasks.purge.mutate({ id: extra.id });

    // Projects: the Inbox's name and place, next to itself, non-neighbours.
    await expectRefused('projects.update', { id: inbox, name: 'Not inbox' }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: work, before: inbox }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: inbox, after: work }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: work, before: work }, { field: 'before', code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: work, after: work }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: home, after: inbox, before: home }, { code: 'BAD_REQUEST' });
    const third = await client.projects.create.mutate({ name: 'Third' });
    await expectRefused('projects.update', { id: third.id, after: inbox, before: home }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.update', { id: third.id, after: home, before: work }, { code: 'BAD_REQUEST' });
    await client.projects.delete.mutate({ id: third.id });
    await expectRefused('projects.update', { id: work }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.archive', { id: inbox, archived: true }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.archive', { id: work, archived: 'yes' }, { field: 'archived' });
    await expectRefused('projects.archive', { id: work }, { field: 'archived' });
    await expectRefused('projects.delete', { id: inbox }, { code: 'BAD_REQUEST' });
    await expectRefused('projects.list', { archived: 'true' }, { field: 'archived' });
    await expectStillServing();
  });

  it('racing moves into one gap take distinct keys', async () => {
    const client = server.client(alice.token);
    const race = await client.projects.create.mutate({ name: 'Race' });
    const low = await client.tasks.create.mutate({ title: 'low', projectId: race.id });
    const high = await client.tasks.create.mutate({ title: 'high', projectId: race.id });
    const movers = [];
    for (let i = 0; i < 20; i++) movers.push(await client.tasks.create.mutate({ title: `m${i}`, projectId: race.id }));
    const answers = await Promise.all(
      movers.map((task, i) =>
        call('tasks.move', i % 2 ? { id: task.id, after: low.id } : { id: task.id, after: low.id, before: high.id }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500), answer.text).toBe(true);
    }
    const items = (await client.tasks.list.query({ projectId: race.id, limit: 100 })).items;
    expect(items).toHaveLength(22);
    expect(new Set(items.map((task) => task.position)).size).toBe(22);
    expect(items[0]?.id).toBe(low.id);
    // Every mover that succeeded sits between low and high.
    const order = items.map((task) => task.id);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 200) expect(order.indexOf(movers[i]?.id as string)).toBeLessThan(order.indexOf(high.id));
    }
    await client.projects.delete.mutate({ id: race.id });
    await expectStillServing();
  });

  it('reminders', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    await expectRefused(
      'tasks.create',
      { title: 'r', reminders: [{ at: past }] },
      { field: 'reminders', code: 'BAD_REQUEST', meta: { 'reminders.0.at': ['Date'] } },
    );
    await expectRefused(
      'tasks.update',
      { id: taskA, reminders: [{ at: '1970-01-01T00:00:00.000Z' }] },
      { field: 'reminders', code: 'BAD_REQUEST', meta: { 'reminders.0.at': ['Date'] } },
    );
    await expectRefused(
      'tasks.create',
      { title: 'r', due, reminders: [{ minutesBefore: 5, at: future }] },
      { field: 'reminders', meta: { 'reminders.0.at': ['Date'] } },
    );
    await expectRefused(
      'tasks.create',
      { title: 'r', reminders: [{ at: 'not a date' }] },
      { field: 'reminders', meta: { 'reminders.0.at': ['Date'] } },
    );
    await expectEachRefused('tasks.create', { title: 'r', due }, 'reminders', [
      Array.from({ length: 10_000 }, () => ({ minutesBefore: 5 })),
      Array.from({ length: 11 }, (_, i) => ({ minutesBefore: i })),
      [{ minutesBefore: 40_321 }],
      [{ minutesBefore: -1_441 }],
      [{ minutesBefore: 1.5 }],
      [{ minutesBefore: '60' }],
      [{ minutesBefore: null }],
      [{ minutesBefore: 1e300 }],
      [{}],
      [{ at: future }],
      [{ at: 0 }],
      [null],
      { minutesBefore: 5 },
      'soon',
    ]);
    await expectEachRefused('tasks.update', { id: recurring }, 'reminders', [
      Array.from({ length: 10_000 }, () => ({ minutesBefore: 5 })),
      [{ minutesBefore: -99_999 }],
    ]);
    await expectStillServing();
  });

  it('quick add and parse', async () => {
    for (const path of ['tasks.parse', 'tasks.quickAdd']) {
      await expectEachRefused(path, {}, 'text', [
        'x'.repeat(10_000),
        'x'.repeat(1_001),
        '',
        '   ',
        '\n\t\u3000',
        'a\u0000b',
        'buy \uD800 milk',
        5,
        null,
        ['milk'],
      ]);
      await expectRefused(path, {}, { field: 'text', code: 'BAD_REQUEST' });
    }
    // A title longer than a task's, once parsed.
    await expectRefused('tasks.quickAdd', { text: 'word '.repeat(199) }, { field: 'text', code: 'BAD_REQUEST' });
    await expectRefused('tasks.quickAdd', { text: 'x', projectId: 'inbox' }, { field: 'projectId' });
    const client = server.client(alice.token);
    // Only tags, emoji and right-to-left text: whatever is made, it is a task with a title.
    for (const text of [
      '#home @x p1',
      '#Work',
      '@only',
      'p1',
      '🧪🧪 buy milk tomorrow',
      'שלום עולם مرحبا',
      '\u202Eevil',
    ]) {
      const parsed = await client.tasks.parse.query({ text });
      expect(parsed.title.trim().length).toBeGreaterThan(0);
      const task = await client.tasks.quickAdd.mutate({ text });
      expect(task.title.trim().length).toBeGreaterThan(0);
      await client.tasks.delete.mutate({ id: task.id });
      await client.tasks.purge.mutate({ id: task.id });
    }
    await expectStillServing();
  });

  it('lists, cursors and limits', async () => {
    const client = server.client(alice.token);
    const allPage = await client.tasks.list.query({ view: 'all', limit: 1 });
    const allCursor = allPage.nextCursor as string;
    expect(allCursor).toBeTruthy();
    const searchPage = await client.tasks.search.query({ query: 'd1 OR d2 OR d3 OR A OR B', limit: 1 });
    const forged = Buffer.from(JSON.stringify(['tasks:all', ['2020-01-01T00:00:00.000Z'], randomUUID()])).toString(
      'base64url',
    );
    const badCursors = [
      'garbage!',
      '',
      'x'.repeat(1_000),
      forged,
      Buffer.from('not json').toString('base64url'),
      Buffer.from(JSON.stringify(['x', [{}], 'y'])).toString('base64url'),
      5,
    ];
    await expectEachRefused('tasks.list', { view: 'all' }, 'cursor', badCursors);
    await expectEachRefused('tasks.list', { view: 'done' }, 'cursor', [allCursor]);
    await expectEachRefused('tasks.list', { view: 'all', label: 'chores' }, 'cursor', [allCursor]);
    await expectEachRefused('tasks.list', { view: 'all', priority: 1 }, 'cursor', [allCursor]);
    await expectEachRefused('tasks.trash', {}, 'cursor', [allCursor, ...badCursors.slice(0, 3)]);
    await expectEachRefused('reminders.list', {}, 'cursor', [allCursor, ...badCursors.slice(0, 3)]);
    await expectEachRefused('tasks.search', { query: 'A' }, 'cursor', [allCursor, ...badCursors.slice(0, 2)]);
    if (searchPage.nextCursor) {
      await expectEachRefused('tasks.search', { query: 'other words' }, 'cursor', [searchPage.nextCursor]);
      await expectEachRefused('tasks.list', { view: 'all' }, 'cursor', [searchPage.nextCursor]);
    }
    const badLimits = [0, 101, -1, 1.5, '10', null, 1e9];
    await expectEachRefused('tasks.list', {}, 'limit', badLimits);
    await expectEachRefused('tasks.trash', {}, 'limit', badLimits.slice(0, 4));
    await expectEachRefused('reminders.list', {}, 'limit', badLimits.slice(0, 4));
    await expectEachRefused('tasks.search', { query: 'A' }, 'limit', [0, 51, -1]);
    await expectEachRefused('tasks.list', {}, 'view', ['bogus', 'INBOX', 5]);
    await expectEachRefused('tasks.list', {}, 'label', ['two words', 'x'.repeat(61), 'a\u0000']);
    await expectEachRefused('tasks.list', {}, 'priority', [0, 5, '1']);
    await expectRefused('tasks.list', { view: 'inbox', projectId: work }, { field: 'projectId', code: 'BAD_REQUEST' });
    await expectEachRefused('tasks.search', {}, 'query', ['', 'x'.repeat(201), 5, 'a\u0000b']);
    await expectRefused('tasks.list', undefined, { rawQuery: '?input=%7Bnot-json' });
    await expectRefused('tasks.trash', undefined, { rawQuery: '?input=%7Bnot-json' });
    await expectStillServing();
  });

  it('tasks.import: caps, headers, wrong lines, deep nesting', async () => {
    const header = (version: number) =>
      JSON.stringify({
        type: 'header',
        format: 'taskchat-export',
        version,
        exportedAt: new Date().toISOString(),
        user: { id: randomUUID(), email: 'x@example.com', name: null, timeZone: 'UTC' },
      });
    const now = new Date().toISOString();
    const inboxId = randomUUID();
    const project = JSON.stringify({
      type: 'project',
      id: inboxId,
      name: 'Inbox',
      color: 'charcoal',
      position: 'a0',
      inbox: true,
      archived: false,
      createdAt: now,
      updatedAt: now,
    });
    const task = (fields: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: 'task',
        id: randomUUID(),
        title: 'imported',
        description: null,
        completed: false,
        createdAt: now,
        updatedAt: now,
        projectId: inboxId,
        parentId: null,
        position: 'a1',
        due: null,
        deadline: null,
        priority: 4,
        recurrence: null,
        labels: [],
        reminders: [],
        completedAt: null,
        ...fields,
      });
    const file = (...lines: string[]) => ({ ndjson: lines.join('\n') });
    const refuse = (input: unknown, field?: string) =>
      expectRefused('tasks.import', input, { code: 'BAD_REQUEST', ...(field ? { field } : {}) });

    const many = Array.from({ length: 25_000 }, () => task());
    await refuse(file(header(2), project, ...many), 'ndjson');
    await refuse(file('{"type":"nope"}', project, task()), 'Line 1');
    await refuse(file(header(4), project, task()), 'Line 1');
    await refuse(file(project, header(2), task()), 'Line 1');
    await refuse(file(header(2), project, task(), '{"type":"conversation"}'), 'Line 4');
    await refuse(
      file(
        header(2),
        project,
        task(),
        JSON.stringify({ type: 'message', id: randomUUID(), conversationId: randomUUID() }),
      ),
      'Line 4',
    );
    await refuse(file(header(2), project, 'not json at all'), 'Line 3');
    await refuse(file(header(2), project, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), 'Line 3');
    await refuse(file(header(2), project, `{"a":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_001)}`), 'Line 3');
    await refuse(
      file(
        header(2),
        project,
        task({ recurrence: 'FREQ=SECONDLY', due: { date: '2027-01-01', time: null, at: null } }),
      ),
      'Line 3',
    );
    await refuse(
      file(header(2), project, task({ recurrence: 'garbage', due: { date: '2027-01-01', time: null, at: null } })),
      'Line 3',
    );
    await refuse(file(header(2), project, task({ parentId: randomUUID() })), 'Line 3');
    await refuse(file(header(2), project, task({ due: { date: '2026-02-30', time: null, at: null } })), 'Line 3');
    await refuse(file(header(2), project, task({ labels: ['two words'] })), 'Line 3');
    await refuse(file(header(2), project, task({ projectId: bobProject })), 'Line 3');
    await refuse(file(header(2), project, task({ parentId: bobTask })), 'Line 3');
    const [x, y] = [randomUUID(), randomUUID()];
    await refuse(file(header(2), project, task({ id: x, parentId: y }), task({ id: y, parentId: x })), 'Line');
    const deep = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await refuse(
      file(header(2), project, ...deep.map((id, i) => task({ id, parentId: i ? deep[i - 1] : null }))),
      'Line',
    );
    await refuse(
      file(header(2), JSON.stringify({ type: 'project', id: randomUUID(), name: 'P', color: 'pink' })),
      'Line 2',
    );
    await refuse({ ndjson: '' }, 'ndjson');
    await refuse({ ndjson: 5 }, 'ndjson');
    await refuse({}, 'ndjson');
    await expectStillServing();
  });

  it('raw protocol abuse on planning procedures', async () => {
    const deepTitle = `{"json":{"title":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
    await expectRefused('tasks.create', null, { body: deepTitle, field: 'title' });
    await expectRefused('tasks.create', null, { body: `{"json":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}` });
    await expectRefused('tasks.create', null, { body: '{"json":null}' });
    await expectRefused('tasks.create', null, { body: '[]' });
    await expectRefused('tasks.create', null, { body: '"title"' });
    await expectRefused('tasks.create', { title: 'x' }, { meta: { title: ['Date'] } });
    // Unknown keys (a prototype-pollution attempt among them) are dropped, not stored.
    const polluted = await call('tasks.create', {
      title: 'keys',
      constructor: { prototype: { admin: true } },
      userId: bob.id,
    });
    expect(polluted.status).toBe(200);
    expect(polluted.data).not.toHaveProperty('userId');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await server.client(alice.token).tasks.delete.mutate({ id: polluted.data.id });
    await server.client(alice.token).tasks.purge.mutate({ id: polluted.data.id });
    await expectRefused('tasks.move', { id: taskA, before: { $ne: null } }, { field: 'before' });
    await expectStillServing();
  });

  it('another user’s data is unchanged, and the server still serves', async () => {
    expect(await snapshotOf(bob)).toEqual(bobSnapshot);
    await expectStillServing();
    const client = server.client(alice.token);
    expect((await client.labels.list.query()).map((label) => label.name)).toContain('chores');
    expect((await client.projects.list.query()).map((project) => project.name)).toEqual(['Inbox', 'Work', 'Home']);
    // No refusal was a logged failure (a 500 is logged at error level).
    expect(server.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    console.info(`planning-bad-input: ${refusedInputs} refused inputs`);
    expect(refusedInputs).toBeGreaterThanOrEqual(150);
  });
});
