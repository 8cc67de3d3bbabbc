import { randomUUID } from 'node:crypto';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { expectErrorCode } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import {
  type ChatEvent,
  type ChatSettings,
  createCaller,
  defaultChatSettings,
  RunningTurns,
  retryAfterSeconds,
} from '../src/index.ts';
import { useApi } from './harness.ts';
import { call, controlledStep, finishUsing, step, text } from './scripted-model.ts';

const api = useApi();

/** A user whose turns run on `model` with these settings (and a caller with the default ones). */
async function userWith(model: MockLanguageModelV4 | undefined, settings: Partial<ChatSettings> = {}) {
  const { token, caller: plain, userId } = await api.newUser();
  const deps = { ...api.deps, chat: defaultChatSettings({ ...(model && { model }), ...settings }) };
  return { caller: createCaller(deps, { token }), plain, userId, token };
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** A one-step answer whose provider reports these tokens. */
const answer = (tokens: { input: number; output: number; cached?: number }) =>
  step([...text('Ok.'), finishUsing('stop', tokens)]);

/** The user's turns as stored, oldest first. */
const turnsOf = (userId: string) =>
  api.deps.db
    .selectFrom('chat_turns')
    .select([
      'client_id',
      'status',
      'error_code',
      'model',
      'input_tokens',
      'output_tokens',
      'cached_input_tokens',
      'latency_ms',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();

describe('a finished turn records its usage', () => {
  it("sums the model's tokens over the turn's steps, cached input included, with the model's name and the latency", async () => {
    const model = new MockLanguageModelV4({
      doStream: [
        step([
          call('add_tasks', { tasks: [{ title: 'milk' }] }),
          finishUsing('tool-calls', { input: 100, output: 20, cached: 40 }),
        ]),
        step([...text('Added.'), finishUsing('stop', { input: 150, output: 30, cached: 100 })]),
      ],
    });
    const { caller, userId } = await userWith(model);
    await collect(await caller.chat.send({ content: 'add milk', clientId: randomUUID() }));
    const [turn] = await turnsOf(userId);
    expect(turn).toMatchObject({
      status: 'done',
      model: 'mock-provider:mock-model-id',
      input_tokens: 250,
      output_tokens: 50,
      cached_input_tokens: 140,
    });
    expect(Number.isInteger(turn?.latency_ms) && (turn?.latency_ms ?? -1) >= 0).toBe(true);
  });

  it('counts 0 for what the provider does not report, and 0 for the offline assistant', async () => {
    const silent = new MockLanguageModelV4({
      doStream: [
        step([
          ...text('Hi.'),
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
              outputTokens: { total: 3, text: 3, reasoning: undefined },
            },
          } satisfies LanguageModelV4StreamPart,
        ]),
      ],
    });
    const quiet = await userWith(silent);
    await collect(await quiet.caller.chat.send({ content: 'hi', clientId: randomUUID() }));
    expect(await turnsOf(quiet.userId)).toMatchObject([{ input_tokens: 0, output_tokens: 3, cached_input_tokens: 0 }]);

    const offline = await userWith(undefined);
    await collect(await offline.caller.chat.send({ content: 'add buy oat milk', clientId: randomUUID() }));
    expect(await turnsOf(offline.userId)).toMatchObject([
      {
        status: 'done',
        model: 'taskchat:offline-assistant',
        input_tokens: 0,
        output_tokens: 0,
        cached_input_tokens: 0,
        latency_ms: expect.any(Number),
      },
    ]);
  });

  it('records a failed turn too: the model failing mid-answer, and a provider that fails outright', async () => {
    const model = new MockLanguageModelV4({
      doStream: [
        step([
          ...text('Let me'),
          { type: 'error', error: new Error('upstream 500') },
          finishUsing('stop', { input: 7, output: 2 }),
        ]),
      ],
    });
    const { caller, userId } = await userWith(model);
    const events = await collect(await caller.chat.send({ content: 'hello', clientId: randomUUID() }));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'MODEL_ERROR' });
    const down = new MockLanguageModelV4({
      doStream: async () => {
        throw new Error('connection refused');
      },
    });
    const failing = await userWith(down);
    await collect(await failing.caller.chat.send({ content: 'hello', clientId: randomUUID() }));

    expect(await turnsOf(userId)).toMatchObject([
      {
        status: 'failed',
        error_code: 'MODEL_ERROR',
        model: 'mock-provider:mock-model-id',
        input_tokens: 7,
        output_tokens: 2,
      },
    ]);
    expect(await turnsOf(failing.userId)).toMatchObject([
      {
        status: 'failed',
        error_code: 'MODEL_ERROR',
        model: 'mock-provider:mock-model-id',
        input_tokens: 0,
        output_tokens: 0,
        cached_input_tokens: 0,
        latency_ms: expect.any(Number),
      },
    ]);
  });

  it('records a turn cut short (MODEL_TIMEOUT) with the tokens of the steps it finished', async () => {
    const held = controlledStep();
    let reachSecondStep = () => {};
    const secondStep = new Promise<void>((resolve) => (reachSecondStep = resolve));
    let calls = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => {
        calls += 1;
        if (calls === 1) {
          return step([
            call('add_tasks', { tasks: [{ title: 'eggs' }] }),
            finishUsing('tool-calls', { input: 40, output: 5, cached: 30 }),
          ]);
        }
        reachSecondStep();
        return held.result;
      },
    });
    // Its own process's turns: a shutdown that can wait no longer cuts them short, as a timeout does.
    const runningTurns = new RunningTurns();
    const { token, userId } = await api.newUser();
    const caller = createCaller({ ...api.deps, runningTurns, chat: defaultChatSettings({ model }) }, { token });
    const events = collect(await caller.chat.send({ content: 'add eggs', clientId: randomUUID() }));
    await secondStep;
    runningTurns.abort();
    expect((await events).at(-1)).toMatchObject({ type: 'error', code: 'MODEL_TIMEOUT' });
    expect(await turnsOf(userId)).toMatchObject([
      { status: 'failed', error_code: 'MODEL_TIMEOUT', input_tokens: 40, output_tokens: 5, cached_input_tokens: 30 },
    ]);
  });
});

/** Moves a turn (found by its clientId) to `at`, with these recorded numbers: a day's turns without waiting for the day. */
async function placeTurn(
  clientId: string,
  at: string,
  recorded: {
    input_tokens: number | null;
    output_tokens: number | null;
    cached_input_tokens: number | null;
    latency_ms: number | null;
  },
) {
  await api.deps.db
    .updateTable('chat_turns')
    .set({ created_at: new Date(at), ...recorded })
    .where('client_id', '=', clientId)
    .execute();
}

/** A user whose `count` offline turns have run; their clientIds, in order. */
async function turnsRun(caller: ReturnType<typeof createCaller>, count: number): Promise<string[]> {
  const clientIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = randomUUID();
    await collect(await caller.chat.send({ content: 'list', clientId }));
    clientIds.push(clientId);
  }
  return clientIds;
}

describe('chat.usage', () => {
  it("counts each turn on the day it started in the user's zone (Pacific/Auckland), only the caller's", async () => {
    const { caller, plain } = await userWith(undefined);
    await plain.auth.updateProfile({ timeZone: 'Pacific/Auckland' });
    const [lateOn14th, midnight, afternoon, unfinished] = await turnsRun(caller, 4);
    // In June Auckland is UTC+12: its 15th starts at 12:00 UTC on the 14th.
    await placeTurn(lateOn14th as string, '2026-06-14T11:59:59.999Z', {
      input_tokens: 10,
      output_tokens: 1,
      cached_input_tokens: 0,
      latency_ms: 900,
    });
    await placeTurn(midnight as string, '2026-06-14T12:00:00.000Z', {
      input_tokens: 20,
      output_tokens: 2,
      cached_input_tokens: 5,
      latency_ms: 100,
    });
    await placeTurn(afternoon as string, '2026-06-15T03:00:00.000Z', {
      input_tokens: 30,
      output_tokens: 3,
      cached_input_tokens: 10,
      latency_ms: 301,
    });
    // A turn still running (or abandoned) counts as a turn, with nothing recorded yet.
    await placeTurn(unfinished as string, '2026-06-15T04:00:00.000Z', {
      input_tokens: null,
      output_tokens: null,
      cached_input_tokens: null,
      latency_ms: null,
    });
    // Another user's turn in the same hour is not the caller's.
    const other = await userWith(undefined);
    const [theirs] = await turnsRun(other.caller, 1);
    await placeTurn(theirs as string, '2026-06-14T12:30:00.000Z', {
      input_tokens: 1_000,
      output_tokens: 1_000,
      cached_input_tokens: 0,
      latency_ms: 5,
    });

    expect(await caller.chat.usage({ from: '2026-06-13', to: '2026-06-16' })).toEqual({
      from: '2026-06-13',
      to: '2026-06-16',
      days: [
        { date: '2026-06-14', turns: 1, inputTokens: 10, outputTokens: 1, cachedInputTokens: 0, latencyMsAverage: 900 },
        {
          date: '2026-06-15',
          turns: 3,
          inputTokens: 50,
          outputTokens: 5,
          cachedInputTokens: 15,
          latencyMsAverage: 201,
        },
      ],
      total: { turns: 4, inputTokens: 60, outputTokens: 6, cachedInputTokens: 15, latencyMsAverage: 434 },
    });
    // The range's bounds are the zone's midnights: the 15th alone starts exactly at the second turn.
    expect(await caller.chat.usage({ from: '2026-06-15', to: '2026-06-15' })).toMatchObject({
      days: [{ date: '2026-06-15', turns: 3 }],
      total: { turns: 3, inputTokens: 50 },
    });
    expect(await caller.chat.usage({ from: '2026-06-01', to: '2026-06-14' })).toMatchObject({
      days: [{ date: '2026-06-14', turns: 1 }],
    });
    expect(await caller.chat.usage({ from: '2026-06-16', to: '2026-06-20' })).toEqual({
      from: '2026-06-16',
      to: '2026-06-20',
      days: [],
      total: { turns: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, latencyMsAverage: null },
    });
  });

  it("covers the last 30 days to today in the user's zone by default", async () => {
    const { caller, plain } = await userWith(undefined);
    await plain.auth.updateProfile({ timeZone: 'Pacific/Auckland' });
    const before = new Date();
    await turnsRun(caller, 2);
    const usage = await caller.chat.usage();
    // Read back with Intl, not the code's luxon: the day it is in Auckland.
    const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(at);
    expect([day(before), day(new Date())]).toContain(usage.to);
    const thirtyDays = new Date(`${usage.to}T00:00:00Z`);
    thirtyDays.setUTCDate(thirtyDays.getUTCDate() - 29);
    expect(usage.from).toBe(thirtyDays.toISOString().slice(0, 10));
    expect(usage.days).toMatchObject([{ date: usage.to, turns: 2, inputTokens: 0, outputTokens: 0 }]);
    // Only `to`: the 30 days up to it; only `from`: from it to today.
    expect(await caller.chat.usage({ to: '2026-03-31' })).toMatchObject({
      from: '2026-03-02',
      to: '2026-03-31',
      days: [],
    });
    expect(await caller.chat.usage({ from: usage.from })).toMatchObject({ from: usage.from, to: usage.to });
  });

  it('refuses a range that ends before it starts, passes 366 days, or names no real day (BAD_REQUEST)', async () => {
    const { caller } = await userWith(undefined);
    for (const range of [
      { from: '2026-06-15', to: '2026-06-14' },
      { from: '2025-01-01', to: '2026-01-02' },
      { from: '2020-01-01' },
      { from: '2999-01-01' },
      { from: '2026-02-30' },
      { to: '26-01-01' },
    ]) {
      await expectErrorCode(caller.chat.usage(range), 'BAD_REQUEST');
    }
    // 366 days, both ends included, is the most.
    expect(await caller.chat.usage({ from: '2025-01-01', to: '2026-01-01' })).toMatchObject({ days: [] });
    // The ends of the calendar, west and east of UTC: the day after 9999-12-31 is still a day to PostgreSQL.
    for (const timeZone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
      await caller.auth.updateProfile({ timeZone });
      expect(await caller.chat.usage({ to: '9999-12-31' })).toMatchObject({ from: '9999-12-02', days: [] });
      expect(await caller.chat.usage({ from: '1970-01-01', to: '1970-01-01' })).toMatchObject({ days: [] });
    }
  });
});

describe('the daily token quota (CHAT_TOKENS_PER_DAY)', () => {
  const sixtyTokens = () => answer({ input: 50, output: 10, cached: 40 });

  it('refuses a turn once the last 24 hours used the quota, with retryAfter, storing nothing; a turn runs again once they leave the window', async () => {
    const model = new MockLanguageModelV4({
      doStream: [sixtyTokens(), sixtyTokens(), sixtyTokens(), sixtyTokens(), sixtyTokens()],
    });
    const { token, caller: plain, userId } = await api.newUser();
    const as = (tokensPerDay: number) =>
      createCaller({ ...api.deps, chat: defaultChatSettings({ model, tokensPerDay, turnsPerDay: 100 }) }, { token });
    const [first, second] = [randomUUID(), randomUUID()];
    await collect(await as(100).chat.send({ content: 'one', clientId: first }));
    // 60 tokens are under 100: the next turn runs (and passes the quota; its tokens are known only at its end).
    await collect(await as(100).chat.send({ content: 'two', clientId: second }));
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    await placeTurn(first, at(23), { input_tokens: 50, output_tokens: 10, cached_input_tokens: 40, latency_ms: 1 });
    await placeTurn(second, at(1), { input_tokens: 50, output_tokens: 10, cached_input_tokens: 40, latency_ms: 1 });
    const stored = async () => ({
      turns: (await turnsOf(userId)).length,
      conversations: (await plain.conversations.list()).items.length,
      counted: await api.deps.db
        .selectFrom('rate_limit_windows')
        .select(['key', 'count'])
        .where('key', 'like', `chat:${userId}:%`)
        .orderBy('key')
        .execute(),
    });
    const before = await stored();

    // 120 of 100: once the first turn leaves the window (in an hour), 60 are under it.
    const refused = await expectErrorCode<TRPCError>(
      as(100).chat.send({ content: 'three', clientId: randomUUID() }),
      'TOO_MANY_REQUESTS',
    );
    expect(refused.message).toBe('Too many chat tokens in the last 24 hours; try again later');
    const inAnHour = retryAfterSeconds(refused) as number;
    expect(inAnHour).toBeGreaterThan(3_500);
    expect(inAnHour).toBeLessThanOrEqual(3_600);
    // Under 50, both must leave: the second one's 23 hours.
    const later = retryAfterSeconds(
      await expectErrorCode<TRPCError>(
        as(50).chat.send({ content: 'three', clientId: randomUUID() }),
        'TOO_MANY_REQUESTS',
      ),
    ) as number;
    expect(later).toBeGreaterThan(82_700);
    expect(later).toBeLessThanOrEqual(82_800);
    expect(await stored()).toEqual(before);
    // Under means under: 120 of 120 is refused.
    await expectErrorCode(as(120).chat.send({ content: 'three', clientId: randomUUID() }), 'TOO_MANY_REQUESTS');
    // Cached input tokens are input tokens already, counted once: 120 is under 121.
    const third = randomUUID();
    expect((await collect(await as(121).chat.send({ content: 'three', clientId: third }))).at(-1)).toMatchObject({
      type: 'assistant-message',
    });

    // A day after the first two turns, their tokens no longer count: the third's 60 are under 100.
    for (const clientId of [first, second]) {
      await placeTurn(clientId, at(25), {
        input_tokens: 50,
        output_tokens: 10,
        cached_input_tokens: 40,
        latency_ms: 1,
      });
    }
    const events = await collect(await as(100).chat.send({ content: 'four', clientId: randomUUID() }));
    expect(events.at(-1)).toMatchObject({ type: 'assistant-message' });
    // 0 is no limit.
    await placeTurn(third, at(2), { input_tokens: 5_000, output_tokens: 10, cached_input_tokens: 0, latency_ms: 1 });
    await expectErrorCode(as(100).chat.send({ content: 'five', clientId: randomUUID() }), 'TOO_MANY_REQUESTS');
    await collect(await as(0).chat.send({ content: 'five', clientId: randomUUID() }));
    expect(model.doStreamCalls).toHaveLength(5);
    expect(await turnsOf(userId)).toHaveLength(5);
  });
});

describe('chat.assistant', () => {
  it('says which assistant answers: the offline one, or a model by name (and host), never its key', async () => {
    const offline = await userWith(undefined);
    expect(await offline.caller.chat.assistant()).toEqual({ kind: 'offline' });
    const mock = await userWith(new MockLanguageModelV4({}));
    expect(await mock.caller.chat.assistant()).toEqual({ kind: 'model', model: 'mock-provider:mock-model-id' });
    const configured = await userWith(new MockLanguageModelV4({}), {
      assistant: { kind: 'model', model: 'gpt-4o-mini', host: 'api.openai.com' },
    });
    expect(await configured.caller.chat.assistant()).toEqual({
      kind: 'model',
      model: 'gpt-4o-mini',
      host: 'api.openai.com',
    });
    await expectErrorCode(api.anonymous().chat.assistant(), 'UNAUTHORIZED');
  });

  it("names the turns' model in their usage as it names it to clients", async () => {
    const model = new MockLanguageModelV4({ doStream: [answer({ input: 1, output: 1 })] });
    const { caller, userId } = await userWith(model, {
      assistant: { kind: 'model', model: 'llama3.2', host: '127.0.0.1:11434' },
    });
    await collect(await caller.chat.send({ content: 'hi', clientId: randomUUID() }));
    expect(await turnsOf(userId)).toMatchObject([{ model: 'llama3.2' }]);
  });
});
