import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD as password } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { MockLanguageModelV4 } from 'ai/test';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  type ChatEvent,
  type ChatSettings,
  createCaller,
  defaultChatSettings,
  purgeExpiredTrash,
} from '../src/index.ts';
import { useApi } from './harness.ts';
import { finish, gatedStep, step, text } from './scripted-model.ts';

/**
 * The "one at a time" and "exactly once" guarantees, each raced: N calls fired at once
 * (Promise.all), so they meet inside the code that has to keep them apart. Each test fails when
 * the guarantee's mechanism is taken out (the conversation's row lock, a unique index and the
 * answer its violation becomes, `for update skip locked`). Races tested beside their features:
 * appends by clientId and their numbering (messages.test.ts), the title (same), the rate limit
 * (rate-limits.test.ts), the sign-in throttle (sign-in-throttle.test.ts), two purgers counting
 * up (archive-trash.test.ts).
 */

const api = useApi();

const N = 8;

/** What each racing call came to: its value, or its error's code (a bug shows as INTERNAL_SERVER_ERROR). */
async function race<T>(calls: (() => Promise<T>)[]): Promise<({ ok: T } | { code: string; message: string })[]> {
  const settled = await Promise.allSettled(calls.map((call) => call()));
  return settled.map((result) =>
    result.status === 'fulfilled'
      ? { ok: result.value }
      : { code: (result.reason as TRPCError).code ?? String(result.reason), message: (result.reason as Error).message },
  );
}

const values = <T>(results: ({ ok: T } | { code: string })[]): T[] =>
  results.flatMap((result) => ('ok' in result ? [result.ok] : []));

/**
 * Fires the calls at once behind a starting gate, so they meet whatever the machine's scheduling:
 * another transaction holds the user's row (FOR UPDATE), which each of them needs before it
 * commits (inserting a row of the user's checks the foreign key, taking KEY SHARE on it). The
 * gate opens when all are waiting on a lock (or after ten seconds). Without it the calls spread
 * over tens of milliseconds on an idle machine, and the first can commit before the last starts.
 * Where the calls refuse each other at once (one import of a user at a time), the gate opens when
 * `waiting` of them wait and the rest have been answered.
 */
async function linedUp<T>(userId: string, calls: (() => Promise<T>)[], waiting = calls.length) {
  const holder = new pg.Client({ connectionString: api.db.url });
  const observer = new pg.Client({ connectionString: api.db.url });
  await Promise.all([holder.connect(), observer.connect()]);
  try {
    await holder.query('begin');
    await holder.query('select id from users where id = $1 for update', [userId]);
    let answered = 0;
    const results = race(calls.map((call) => () => call().finally(() => answered++)));
    const waitingNow = async () =>
      Number(
        (
          await observer.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).rows[0]?.n,
      );
    const lined = async () => (await waitingNow()) >= waiting && answered >= calls.length - waiting;
    for (let poll = 0; poll < 400 && !(await lined()); poll++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await holder.query('commit');
    return await results;
  } finally {
    await Promise.all([holder.end(), observer.end()]);
  }
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** A user whose turns run on `model`, with a daily quota to count them by. */
async function chatUser(model: MockLanguageModelV4, settings: Partial<ChatSettings> = {}) {
  const { token, caller: plain, userId } = await api.newUser('racer');
  const deps = { ...api.deps, chat: defaultChatSettings({ model, turnsPerDay: 1_000, ...settings }) };
  return { caller: createCaller(deps, { token }), plain, userId };
}

/** How many turns the user's daily quota has counted. */
async function turnsCounted(userId: string): Promise<number> {
  const row = await api.deps.db
    .selectFrom('rate_limit_windows')
    .select('count')
    .where('key', '=', `chat:${userId}:86400000`)
    .executeTakeFirst();
  return row?.count ?? 0;
}

const turnsOf = (userId: string) =>
  api.deps.db.selectFrom('chat_turns').select(['client_id', 'status']).where('user_id', '=', userId).execute();

const TURN_IN_PROGRESS = [{ type: 'error', code: 'TURN_IN_PROGRESS', message: expect.any(String) }];

describe('chat.send calls racing', () => {
  it('into one conversation: one turn runs, every other call answers TURN_IN_PROGRESS and stores nothing', async () => {
    const held = gatedStep([...text('One at a time.'), finish('stop')]);
    const model = new MockLanguageModelV4({ doStream: [held.result, step([...text('Later.'), finish('stop')])] });
    const { caller, plain, userId } = await chatUser(model);
    const { id: conversationId } = await plain.conversations.create({ title: 'race' });
    const inputs = Array.from({ length: N }, (_, i) => ({
      conversationId,
      content: `message ${i}`,
      clientId: randomUUID(),
    }));

    // Every call gets its answer while the one turn that runs is held mid-way.
    const started = await linedUp(
      userId,
      inputs.map((input) => () => caller.chat.send(input)),
    );
    expect(started.filter((result) => !('ok' in result))).toEqual([]);
    held.open();
    const answers = await Promise.all(values(started).map(collect));

    const ran = answers.flatMap((events, i) => (events[0]?.type === 'user-message' ? [i] : []));
    expect(ran).toHaveLength(1);
    const runner = ran[0] as number;
    expect(answers[runner]?.map((event) => event.type)).toEqual(['user-message', 'text-delta', 'assistant-message']);
    expect(answers.filter((_, i) => i !== runner)).toEqual(Array(N - 1).fill(TURN_IN_PROGRESS));

    // The busy check comes before the append: a refused call stored no message, no turn, no quota.
    const messages = (await plain.messages.list({ conversationId })).items;
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', `message ${runner}`],
      ['assistant', 'One at a time.'],
    ]);
    expect(await turnsOf(userId)).toEqual([{ client_id: inputs[runner]?.clientId, status: 'done' }]);
    expect(await turnsCounted(userId)).toBe(1);
    expect(model.doStreamCalls).toHaveLength(1);

    // So a refused call, sent again once the turn has ended, runs as new.
    const again = await collect(await caller.chat.send(inputs[(runner + 1) % N] as (typeof inputs)[number]));
    expect(again.map((event) => event.type)).toEqual(['user-message', 'text-delta', 'assistant-message']);
  });

  it('with one clientId and no conversation: one turn in one new conversation, the others TURN_IN_PROGRESS', async () => {
    const held = gatedStep([...text('Once.'), finish('stop')]);
    const model = new MockLanguageModelV4({ doStream: [held.result] });
    const { caller, plain, userId } = await chatUser(model);
    const input = { content: 'start something', clientId: randomUUID() };

    const started = await linedUp(
      userId,
      Array.from({ length: N }, () => () => caller.chat.send(input)),
    );
    expect(started.filter((result) => !('ok' in result))).toEqual([]);
    held.open();
    const answers = await Promise.all(values(started).map(collect));

    const runs = answers.filter((events) => events[0]?.type === 'user-message');
    expect(runs).toHaveLength(1);
    expect(answers.filter((events) => events[0]?.type !== 'user-message')).toEqual(Array(N - 1).fill(TURN_IN_PROGRESS));
    // The refused calls' conversations were rolled back with the rest of their transactions.
    const conversations = (await plain.conversations.list()).items;
    expect(conversations).toHaveLength(1);
    const conversationId = conversations[0]?.id as string;
    expect((await plain.messages.list({ conversationId })).items.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(await turnsOf(userId)).toEqual([{ client_id: input.clientId, status: 'done' }]);
    expect(await turnsCounted(userId)).toBe(1);
    expect(model.doStreamCalls).toHaveLength(1);
    // The clientId now replays the turn.
    const replayed = await collect(await caller.chat.send(input));
    expect(replayed.map((event) => event.type)).toEqual(['user-message', 'assistant-message']);
  });
});

/** An export of one conversation and its messages, as `conversations.import` reads it. */
function exportOf(messages: number, conversationId = randomUUID()) {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString();
  const lines = [
    {
      type: 'conversation',
      id: conversationId,
      title: 'imported',
      archived: false,
      pinned: false,
      createdAt: at(0),
      updatedAt: at(0),
    },
    ...Array.from({ length: messages }, (_, i) => ({
      type: 'message',
      id: randomUUID(),
      conversationId,
      role: i % 2 ? 'assistant' : 'user',
      content: `line ${i}`,
      clientId: null,
      parts: null,
      incomplete: false,
      createdAt: at(i + 1),
    })),
  ];
  return { conversationId, lines: lines.map((line) => JSON.stringify(line)) };
}

/** The user's conversations' rows and their messages' numbers, to count what a race stored. */
async function storedConversations(userId: string) {
  const conversations = await api.deps.db
    .selectFrom('conversations')
    .select(['id', 'client_id'])
    .where('user_id', '=', userId)
    .execute();
  const messages = await api.deps.db
    .selectFrom('messages')
    .select(['conversation_id', 'content', 'seq'])
    .where('user_id', '=', userId)
    .orderBy('seq')
    .execute();
  return { conversations, messages };
}

describe('conversations.import racing', () => {
  it('of one export N times: one conversation, each message once; every other call TOO_MANY_REQUESTS', async () => {
    const { caller, userId } = await api.newUser('importer');
    const { conversationId, lines } = exportOf(4);
    const ndjson = lines.join('\n');

    const results = await linedUp(
      userId,
      Array.from({ length: N }, () => () => caller.conversations.import({ ndjson })),
      1,
    );
    expect(values(results)).toEqual([expect.objectContaining({ status: 'created', storedMessages: 4 })]);
    // Each of the others met the first one's import lock: told to try again, not a 500.
    expect(results.filter((result) => !('ok' in result))).toEqual(
      Array(N - 1).fill({
        code: 'TOO_MANY_REQUESTS',
        message: 'Another import of yours is running; try again when it ends',
      }),
    );
    const { conversations, messages } = await storedConversations(userId);
    expect(conversations).toEqual([{ id: expect.any(String), client_id: conversationId }]);
    expect(messages.map((m) => [m.content, m.seq])).toEqual([0, 1, 2, 3].map((i) => [`line ${i}`, i + 1]));
    // Trying again finds it, complete.
    expect(await caller.conversations.import({ ndjson })).toMatchObject({
      status: 'existing',
      storedMessages: 0,
      skippedMessages: 4,
    });
  });

  it('completing an imported conversation N times at once: one import runs, each new message stored once', async () => {
    const { caller, userId } = await api.newUser('importer');
    const { lines } = exportOf(6);
    // The conversation and its first two messages arrived earlier; every racing call brings all six.
    await caller.conversations.import({ ndjson: lines.slice(0, 3).join('\n') });
    const ndjson = lines.join('\n');

    const results = await linedUp(
      userId,
      Array.from({ length: N }, () => () => caller.conversations.import({ ndjson })),
      1,
    );
    expect(results.flatMap((result) => ('ok' in result ? [] : [result.code]))).toEqual(
      Array(N - 1).fill('TOO_MANY_REQUESTS'),
    );
    const stored = values(results).map((result) => [result.status, result.storedMessages, result.skippedMessages]);
    expect(stored).toEqual([['existing', 4, 2]]);
    const { conversations, messages } = await storedConversations(userId);
    expect(conversations).toHaveLength(1);
    expect(messages.map((m) => [m.content, m.seq])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [`line ${i}`, i + 1]));
  });
});

describe('auth.signUp racing', () => {
  it('with one email (in any case) N times: one account, every other call CONFLICT', async () => {
    const local = randomUUID();
    const emails = Array.from({ length: N }, (_, i) =>
      i % 2 ? `${local}@example.com` : `${local.toUpperCase()}@EXAMPLE.com`,
    );
    const results = await race(emails.map((email) => () => api.anonymous().auth.signUp({ email, password })));
    expect(values(results)).toHaveLength(1);
    expect(results.filter((result) => !('ok' in result))).toEqual(
      Array(N - 1).fill({ code: 'CONFLICT', message: 'An account with this email already exists' }),
    );
    const users = await api.deps.db
      .selectFrom('users')
      .select('email')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', `${local}@example.com`))
      .execute();
    expect(users).toEqual([{ email: `${local}@example.com` }]);
  });
});

/** Runs `work` while another connection holds `lockSql`'s row locks in an open transaction. */
async function whileLocked<T>(lockSql: string, params: unknown[], work: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: api.db.url });
  await holder.connect();
  try {
    await holder.query('begin');
    const { rowCount } = await holder.query(lockSql, params);
    expect(rowCount).toBeGreaterThan(0);
    return await work();
  } finally {
    await holder.query('commit');
    await holder.end();
  }
}

/** `promise`, or 'still waiting' when it has not settled within a few seconds (a loaded machine included). */
const withinSeconds = <T>(promise: Promise<T>, seconds = 5): Promise<T | 'still waiting'> =>
  Promise.race([
    promise,
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), seconds * 1000)),
  ]);

describe('work that skips rows another transaction holds', () => {
  it('two purges of the expired trash at once: each passes over the rows the other holds, every row goes once', async () => {
    const { caller, userId } = await api.newUser('purger');
    const made: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { id } = await caller.conversations.create({ title: `trashed ${i}` });
      await caller.conversations.delete({ id });
      made.push(id);
    }
    // Two in the trash for 61 days, three for 31, one for a day (kept).
    const connection = api.db.orm.em.getConnection();
    const trashedFor = (days: number, ids: string[]) =>
      connection.execute(`update conversations set deleted_at = now() - ? * interval '1 day' where id in (?)`, [
        days,
        ids,
      ]);
    await trashedFor(61, made.slice(0, 2));
    await trashedFor(31, made.slice(2, 5));
    await trashedFor(1, made.slice(5));
    const days = (n: number) => n * 86_400_000;

    // The first purge's batch is still open (its rows deleted, locked until it commits) while the
    // second runs: the second skips those rows and purges the rest without waiting for it.
    let second: number | 'still waiting' = 'still waiting';
    const first = await api.deps.db.transaction().execute(async (tx) => {
      const purged = await purgeExpiredTrash(tx, days(60), 2);
      second = await withinSeconds(purgeExpiredTrash(api.deps.db, days(30), 2));
      return purged;
    });
    expect([first, second]).toEqual([2, 3]);
    const left = await api.deps.db.selectFrom('conversations').select('id').where('user_id', '=', userId).execute();
    expect(left).toEqual([{ id: made[5] }]);
    expect(await purgeExpiredTrash(api.deps.db, days(30), 2)).toBe(0);
  });

  it("a sign-in attempt's clean-up of quiet throttle keys passes over one another attempt holds", async () => {
    const quiet = `account:${randomUUID()}`;
    await api.db.orm.em
      .getConnection()
      .execute(`insert into sign_in_throttles (key, failures, updated_at) values (?, 1, now() - interval '2 hours')`, [
        quiet,
      ]);
    const { email } = await api.newUser('quiet');
    const attempt = () =>
      api
        .anonymous()
        .auth.signIn({ email, password: 'not the password' })
        .catch((error: TRPCError) => error.code);
    const answered = await whileLocked('select key from sign_in_throttles where key = $1 for update', [quiet], () =>
      withinSeconds(attempt()),
    );
    expect(answered).toBe('UNAUTHORIZED');
    const keyLeft = () =>
      api.deps.db.selectFrom('sign_in_throttles').select('key').where('key', '=', quiet).executeTakeFirst();
    expect(await keyLeft()).toEqual({ key: quiet });
    // Released, it goes with the next attempt's clean-up.
    expect(await attempt()).toBe('UNAUTHORIZED');
    expect(await keyLeft()).toBeUndefined();
  });
});
