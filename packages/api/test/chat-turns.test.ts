import { randomUUID } from 'node:crypto';
import { MockLanguageModelV4 } from 'ai/test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { jsonb, type Tables } from '../src/database.ts';
import { type ChatEvent, type ChatSettings, createCaller, defaultChatSettings } from '../src/index.ts';
import { useApi } from './harness.ts';
import { call, finish, gatedStep, step, text } from './scripted-model.ts';

const api = useApi();

/** A user whose turns run on `model` (scripted steps) with these settings. */
async function userWith(model: MockLanguageModelV4, settings: Partial<ChatSettings> = {}) {
  const { token, caller: plain, userId } = await api.newUser();
  const deps = { ...api.deps, chat: defaultChatSettings({ model, ...settings }) };
  return { caller: createCaller(deps, { token }), plain, userId };
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
const ofType = <T extends ChatEvent['type']>(events: ChatEvent[], type: T) =>
  events.filter((e): e is Extract<ChatEvent, { type: T }> => e.type === type);

describe('a chat turn', () => {
  it('streams text only and stores it as the assistant message, with the history as the prompt', async () => {
    const model = new MockLanguageModelV4({ doStream: [step([...text('Hello', ', you.'), finish('stop')])] });
    const { caller } = await userWith(model, { instructions: 'Be brief.' });
    const events = await collect(await caller.chat.send({ content: 'Hi', clientId: randomUUID() }));
    // Deltas that arrive together may reach the caller joined (chat-event-queue.ts): the text is what counts.
    const deltas = ofType(events, 'text-delta').map((e) => e.text);
    expect(deltas.join('')).toBe('Hello, you.');
    const [answer] = ofType(events, 'assistant-message');
    expect(answer?.message).toMatchObject({ role: 'assistant', content: 'Hello, you.', incomplete: false });
    expect(answer?.message.parts).toEqual([{ type: 'text', text: 'Hello, you.' }]);
    expect(model.doStreamCalls[0]?.prompt).toEqual([
      { role: 'system', content: expect.stringMatching(/^Be brief\.\n\nNow: /) },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it("tells the model the date and time in the user's zone, and the user's projects and labels by name", async () => {
    const model = new MockLanguageModelV4({ doStream: [step([...text('Ok.'), finish('stop')])] });
    const { caller, plain } = await userWith(model, { instructions: 'Be brief.' });
    await plain.auth.updateProfile({ timeZone: 'Pacific/Auckland' });
    await plain.projects.create({ name: 'Home' });
    const archived = await plain.projects.create({ name: 'Old stuff' });
    await plain.projects.archive({ id: archived.id, archived: true });
    await plain.tasks.create({ title: 'pay rent', labels: ['bills', 'Admin'] });
    const before = new Date();
    await collect(await caller.chat.send({ content: 'Hi', clientId: randomUUID() }));
    const system = model.doStreamCalls[0]?.prompt[0];
    const content = system?.role === 'system' ? system.content : '';
    // Read back with Intl, not the code's luxon: the day it is now in Auckland.
    const day = (at: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Pacific/Auckland',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      })
        .format(at)
        .replace(',', '');
    expect([day(before), day(new Date())]).toContain(content.match(/^Now: (.*), \d\d:\d\d in/m)?.[1]);
    expect(content).toMatch(/in the user's time zone \(Pacific\/Auckland, UTC\+1[23]:00\)\./);
    // The archived project is left out; the two others in the user's order.
    expect(content).toMatch(/^The user's projects: (Inbox, Home|Home, Inbox)\.$/m);
    expect(content).toContain("The user's labels: Admin, bills.");
  });

  it('runs several tool calls, reports a tool error, and links each change to the message', async () => {
    const model = new MockLanguageModelV4({
      doStream: [
        step([
          call('add_tasks', { tasks: [{ title: 'milk' }] }),
          call('add_tasks', { tasks: [{ title: 'eggs' }] }),
          finish('tool-calls'),
        ]),
        step([call('update_task', { taskId: randomUUID(), title: 'gone' }), finish('tool-calls')]),
        step([...text('Added two; one failed.'), finish('stop')]),
      ],
    });
    const { caller, plain } = await userWith(model);
    const events = await collect(await caller.chat.send({ content: 'go', clientId: randomUUID() }));
    expect(ofType(events, 'tool-call').map((e) => e.toolName)).toEqual(['add_tasks', 'add_tasks', 'update_task']);
    expect(ofType(events, 'tool-result')).toHaveLength(2);
    expect(ofType(events, 'tool-error').map((e) => e.error)).toEqual(['Task not found']);
    const [answer] = ofType(events, 'assistant-message');
    // The two calls of one step run concurrently: their effects come in either order.
    expect(answer?.effects.map((e) => [e.action, e.taskTitle]).sort()).toEqual([
      ['add', 'eggs'],
      ['add', 'milk'],
    ]);
    expect(answer?.message.parts?.map((p) => p.type)).toEqual([
      'tool-call',
      'tool-call',
      'tool-result',
      'tool-result',
      'tool-call',
      'tool-error',
      'text',
    ]);
    expect((await plain.tasks.list()).items.map((t) => t.title).sort()).toEqual(['eggs', 'milk']);
  });

  it('keeps the user message and what came before a model error, marked incomplete, and says MODEL_ERROR', async () => {
    const model = new MockLanguageModelV4({
      doStream: [step([...text('Let me'), { type: 'error', error: new Error('upstream 500') }, finish('stop')])],
    });
    const { caller, plain } = await userWith(model);
    const events = await collect(await caller.chat.send({ content: 'hello', clientId: randomUUID() }));
    const conversationId = ofType(events, 'user-message')[0]?.conversationId as string;
    expect(events.at(-1)).toEqual({ type: 'error', code: 'MODEL_ERROR', message: expect.stringContaining('saved') });
    const messages = (await plain.messages.list({ conversationId })).items;
    expect(messages.map((m) => [m.role, m.content, m.incomplete])).toEqual([
      ['user', 'hello', false],
      ['assistant', 'Let me', true],
    ]);
    expect(api.logged.at(-1)?.message).toBe('the model failed');
  });

  it('stops a model that takes too long (MODEL_TIMEOUT), storing nothing when it said nothing', async () => {
    const slow = step([...text('never'), finish('stop')], 2_000);
    const { caller, plain } = await userWith(new MockLanguageModelV4({ doStream: [slow] }), { timeoutMs: 200 });
    const events = await collect(await caller.chat.send({ content: 'hello', clientId: randomUUID() }));
    expect(events.map((e) => e.type)).toEqual(['user-message', 'error']);
    expect(events.at(-1)).toMatchObject({ code: 'MODEL_TIMEOUT' });
    const conversationId = ofType(events, 'user-message')[0]?.conversationId as string;
    expect((await plain.messages.list({ conversationId })).items.map((m) => m.role)).toEqual(['user']);
  });

  it('ends after the configured number of model steps, saying what it did', async () => {
    const looping = () => step([call('list_tasks', {}), finish('tool-calls')]);
    const model = new MockLanguageModelV4({ doStream: [looping(), looping(), looping(), looping()] });
    const { caller } = await userWith(model, { maxSteps: 3 });
    const events = await collect(await caller.chat.send({ content: 'loop', clientId: randomUUID() }));
    expect(model.doStreamCalls).toHaveLength(3);
    expect(ofType(events, 'assistant-message')[0]?.message.content).toBe('Used list_tasks.');
  });
});

describe('a chat turn sent again with its clientId', () => {
  it('replays the finished turn without running the model or a tool again', async () => {
    const model = new MockLanguageModelV4({
      doStream: [
        step([call('add_tasks', { tasks: [{ title: 'once' }] }), finish('tool-calls')]),
        step([...text('Done.'), finish('stop')]),
      ],
    });
    const { caller, plain, userId } = await userWith(model);
    const input = { content: 'add once', clientId: randomUUID() };
    const first = await collect(await caller.chat.send(input));
    const conversationId = ofType(first, 'user-message')[0]?.conversationId as string;
    const again = await collect(await caller.chat.send({ ...input, conversationId }));
    expect(again).toEqual(first.filter((e) => e.type === 'user-message' || e.type === 'assistant-message'));
    expect(model.doStreamCalls).toHaveLength(2);
    expect((await plain.tasks.list()).items).toHaveLength(1);
    // Without the conversation id too: the clientId finds the turn.
    expect(await collect(await caller.chat.send(input))).toEqual(again);
    const effects = await api.deps.db
      .selectFrom('message_task_effects')
      .select(['action', 'task_title'])
      .where('user_id', '=', userId)
      .execute();
    expect(effects).toEqual([{ action: 'add', task_title: 'once' }]);
  });

  it('leaves the tasks a turn made when its conversation is purged, and takes the audit records with it', async () => {
    const model = new MockLanguageModelV4({
      doStream: [
        step([call('add_tasks', { tasks: [{ title: 'keep me' }] }), finish('tool-calls')]),
        step([...text('Added.'), finish('stop')]),
      ],
    });
    const { caller, plain, userId } = await userWith(model);
    const events = await collect(await caller.chat.send({ content: 'add keep me', clientId: randomUUID() }));
    const conversationId = ofType(events, 'user-message')[0]?.conversationId as string;
    const effects = () =>
      api.deps.db.selectFrom('message_task_effects').select('id').where('user_id', '=', userId).execute();
    // In the trash, the conversation keeps its records (it may come back).
    await plain.conversations.delete({ id: conversationId });
    expect(await effects()).toHaveLength(1);
    await plain.conversations.purge({ id: conversationId });
    expect((await plain.tasks.list()).items.map((t) => t.title)).toEqual(['keep me']);
    expect(await effects()).toEqual([]);
  });

  it('answers TURN_IN_PROGRESS while the turn runs, for the same clientId and for another turn of the conversation', async () => {
    const held = gatedStep([call('add_tasks', { tasks: [{ title: 'slow' }] }), finish('tool-calls')]);
    const model = new MockLanguageModelV4({ doStream: [held.result, step([...text('ok'), finish('stop')])] });
    const { caller, plain } = await userWith(model);
    const input = { content: 'add slow', clientId: randomUUID() };
    const running = await caller.chat.send(input);
    const iterator = running[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as Extract<ChatEvent, { type: 'user-message' }>;
    const retried = await collect(await caller.chat.send({ ...input, conversationId: first.conversationId }));
    expect(retried).toEqual([{ type: 'error', code: 'TURN_IN_PROGRESS', message: expect.any(String) }]);
    const other = await collect(
      await caller.chat.send({ content: 'another', clientId: randomUUID(), conversationId: first.conversationId }),
    );
    expect(other).toMatchObject([{ type: 'error', code: 'TURN_IN_PROGRESS' }]);
    held.open();
    while (!(await iterator.next()).done) {}
    expect((await plain.tasks.list()).items).toHaveLength(1);
    expect(model.doStreamCalls).toHaveLength(2);
  });

  it('stores the answer of a turn whose conversation went to the trash while it ran, there for a restore', async () => {
    const held = gatedStep([call('add_tasks', { tasks: [{ title: 'while trashed' }] }), finish('tool-calls')]);
    const model = new MockLanguageModelV4({ doStream: [held.result, step([...text('Added.'), finish('stop')])] });
    const { caller, plain } = await userWith(model);
    const running = await caller.chat.send({ content: 'add while trashed', clientId: randomUUID() });
    const iterator = running[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as Extract<ChatEvent, { type: 'user-message' }>;
    await plain.conversations.delete({ id: first.conversationId });
    held.open();
    const rest: ChatEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value as ChatEvent);
    expect(rest.filter((event) => event.type === 'error')).toEqual([]);
    expect(rest.at(-1)).toMatchObject({ type: 'assistant-message', message: { content: 'Added.' } });
    await plain.conversations.restore({ id: first.conversationId });
    const { items } = await plain.messages.list({ conversationId: first.conversationId });
    expect(items.map((m) => [m.role, m.content])).toEqual([
      ['user', 'add while trashed'],
      ['assistant', 'Added.'],
    ]);
  });

  it('refuses a clientId sent again with other content (CONFLICT)', async () => {
    const model = new MockLanguageModelV4({ doStream: [step([...text('hi'), finish('stop')])] });
    const { caller } = await userWith(model);
    const input = { content: 'hi', clientId: randomUUID() };
    await collect(await caller.chat.send(input));
    await expect(caller.chat.send({ ...input, content: 'something else' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('replays a turn whose process died (still running past its time) as MODEL_TIMEOUT', async () => {
    const held = gatedStep([...text('never'), finish('stop')]);
    const { caller, userId } = await userWith(new MockLanguageModelV4({ doStream: [held.result] }));
    const input = { content: 'hello', clientId: randomUUID() };
    const iterator = (await caller.chat.send(input))[Symbol.asyncIterator]();
    await iterator.next();
    // As if its process had died: the turn is still marked running, and its time has passed.
    await api.deps.db
      .updateTable('chat_turns')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('user_id', '=', userId)
      .execute();
    const replayed = await collect(await caller.chat.send(input));
    expect(replayed.map((e) => e.type)).toEqual(['user-message', 'error']);
    expect(replayed.at(-1)).toMatchObject({ code: 'MODEL_TIMEOUT' });
    held.open();
    while (!(await iterator.next()).done) {}
  });

  it('runs a new turn where the running one was abandoned: that one fails as MODEL_TIMEOUT, its events dropped', async () => {
    const held = gatedStep([...text('never'), finish('stop')]);
    const model = new MockLanguageModelV4({ doStream: [held.result, step([...text('fresh'), finish('stop')])] });
    const { caller, userId } = await userWith(model);
    const iterator = (await caller.chat.send({ content: 'hello', clientId: randomUUID() }))[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as Extract<ChatEvent, { type: 'user-message' }>;
    const { conversationId } = first;
    const abandoned = await api.deps.db
      .selectFrom('chat_turns')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    // As if its process had died after publishing some progress: still running, past its time.
    await api.deps.db
      .insertInto('chat_turn_events')
      .values({
        turn_id: abandoned.id,
        seq: 1,
        user_id: userId,
        conversation_id: conversationId,
        event: jsonb({ type: 'text-delta', text: 'nev' }),
      })
      .execute();
    await api.deps.db
      .updateTable('chat_turns')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', abandoned.id)
      .execute();

    const next = await collect(await caller.chat.send({ content: 'again', clientId: randomUUID(), conversationId }));
    expect(ofType(next, 'assistant-message')[0]?.message.content).toBe('fresh');
    expect(ofType(next, 'error')).toEqual([]);
    const turns = await api.deps.db
      .selectFrom('chat_turns')
      .select(['id', 'status', 'error_code'])
      .where('user_id', '=', userId)
      .execute();
    expect(turns.find((turn) => turn.id === abandoned.id)).toMatchObject({
      status: 'failed',
      error_code: 'MODEL_TIMEOUT',
    });
    expect(turns.filter((turn) => turn.id !== abandoned.id)).toMatchObject([{ status: 'done', error_code: null }]);
    const events = await api.deps.db
      .selectFrom('chat_turn_events')
      .select('seq')
      .where('turn_id', '=', abandoned.id)
      .execute();
    expect(events).toEqual([]);
    held.open();
    while (!(await iterator.next()).done) {}
  });

  it('refuses a clientId that names a turn of another conversation (CONFLICT)', async () => {
    const model = new MockLanguageModelV4({ doStream: [step([...text('hi'), finish('stop')])] });
    const { caller, plain } = await userWith(model);
    const input = { content: 'hi', clientId: randomUUID() };
    await collect(await caller.chat.send(input));
    const elsewhere = await plain.conversations.create();
    await expect(caller.chat.send({ ...input, conversationId: elsewhere.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('a chat turn’s round trips', () => {
  it('starts in one transaction and finishes in another, publishing no progress when it ends within a batch', async () => {
    const sent: string[] = [];
    const pool = new pg.Pool({ connectionString: api.db.url, max: 4 });
    const recording = new Kysely<Tables>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => void (event.level === 'query' && sent.push(event.query.sql)),
    });
    try {
      const model = new MockLanguageModelV4({ doStream: [step([...text('hi'), finish('stop')])] });
      const { token } = await api.newUser();
      const caller = createCaller({ ...api.deps, db: recording, chat: defaultChatSettings({ model }) }, { token });
      const conversation = await caller.conversations.create();
      sent.length = 0;
      const events = await collect(
        await caller.chat.send({ content: 'hi', clientId: randomUUID(), conversationId: conversation.id }),
      );
      expect(ofType(events, 'assistant-message')[0]?.message.content).toBe('hi');
      const kinds = sent.map((statement) => statement.split(' ').slice(0, 3).join(' '));
      expect(kinds.filter((kind) => kind === 'begin')).toHaveLength(2);
      expect(kinds.filter((kind) => kind === 'commit')).toHaveLength(2);
      expect(sent.filter((statement) => statement.startsWith('insert into "chat_turn_events"'))).toEqual([]);
      // The session, 7 to start (lock, replay check, settle, append, turn), 4 for the prompt, 4 to finish; 24 before.
      expect(sent.length).toBe(16);
    } finally {
      await recording.destroy();
    }
  });
});

describe('a chat turn whose reader goes away', () => {
  it('still completes and is stored', async () => {
    const held = gatedStep([...text('a', 'b', 'c'), finish('stop')]);
    const { caller, plain } = await userWith(new MockLanguageModelV4({ doStream: [held.result] }));
    let conversationId = '';
    for await (const event of await caller.chat.send({ content: 'hi', clientId: randomUUID() })) {
      if (event.type === 'user-message') conversationId = event.conversationId;
      break; // the client disconnects after the first event
    }
    held.open();
    // The turn goes on without a reader; the process knows it runs (shutdown waits for it).
    await api.deps.runningTurns.settled();
    const messages = (await plain.messages.list({ conversationId })).items;
    expect(messages.map((m) => [m.role, m.content, m.incomplete])).toEqual([
      ['user', 'hi', false],
      ['assistant', 'abc', false],
    ]);
  });
});

describe('the tools', () => {
  it("cannot reach another user's task, whatever the model asks for", async () => {
    const other = await api.newUser();
    const theirs = await other.caller.tasks.create({ title: 'not yours' });
    const model = new MockLanguageModelV4({
      doStream: [
        step([
          call('complete_tasks', { taskIds: [theirs.id] }),
          call('update_task', { taskId: theirs.id, title: 'hijacked' }),
          call('delete_tasks', { taskIds: [theirs.id] }),
          call('reschedule_tasks', { taskIds: [theirs.id], due: 'tomorrow' }),
          call('move_task', { taskId: theirs.id, parentTaskId: null }),
          finish('tool-calls'),
        ]),
        step([...text('Tried.'), finish('stop')]),
      ],
    });
    const { caller } = await userWith(model);
    const events = await collect(
      await caller.chat.send({ content: `complete task ${theirs.id} of the other user`, clientId: randomUUID() }),
    );
    // An id of theirs is a missing one: the bulk tools list it as missing, the others fail as for a missing task.
    expect(ofType(events, 'tool-result').map((e) => e.output)).toEqual([
      { tasks: [], missing: [theirs.id] },
      { tasks: [], missing: [theirs.id] },
      { tasks: [], missing: [theirs.id] },
    ]);
    expect(ofType(events, 'tool-error').map((e) => e.error)).toEqual(['Task not found', 'Task not found']);
    expect(ofType(events, 'assistant-message')[0]?.effects).toEqual([]);
    expect(await other.caller.tasks.list({ view: 'all' })).toMatchObject({
      items: [{ id: theirs.id, title: 'not yours', completed: false }],
    });
  });
});
