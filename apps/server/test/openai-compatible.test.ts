import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChatEvent, createTaskchatClient } from '@taskchat/client';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server-harness.ts';

const API_KEY = 'sk-test-secret-key';

interface ChatRequest {
  authorization: string | undefined;
  body: {
    model: string;
    stream: boolean;
    messages: { role: string; content?: string; tool_call_id?: string }[];
    tools: { function: { name: string } }[];
    stream_options?: { include_usage?: boolean };
  };
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', created: 1_700_000_000, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
/** The last chunk of a stream asked with `stream_options.include_usage`: no choices, the request's tokens. */
const usageChunk = (prompt: number, completion: number, cached: number) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', created: 1_700_000_000, model: 'fake-model', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } } })}\n\n`;

/**
 * An OpenAI-compatible chat completions endpoint on loopback: asked by a user, it streams a few
 * words and calls add_tasks; given the tool's result, it answers. Each stream ends with its usage
 * (120 and 150 prompt tokens, 100 and 120 of them cached; 15 and 5 completion tokens). With
 * `fail`, it answers 500.
 */
function fakeOpenAi(requests: ChatRequest[], options: { fail: boolean }) {
  return createServer(async (request: IncomingMessage, response) => {
    let raw = '';
    for await (const part of request) raw += part;
    const body = JSON.parse(raw) as ChatRequest['body'];
    requests.push({ authorization: request.headers.authorization, body });
    if (request.url !== '/v1/chat/completions' || options.fail) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'the model is down', type: 'server_error' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    if (body.messages.at(-1)?.role === 'user') {
      response.write(chunk({ role: 'assistant', content: '' }));
      response.write(chunk({ content: 'Adding ' }));
      response.write(chunk({ content: 'it. ' }));
      response.write(
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'add_tasks', arguments: '' } }],
        }),
      );
      response.write(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"tasks":[{"title":' } }] }));
      response.write(chunk({ tool_calls: [{ index: 0, function: { arguments: '"buy oat milk"}]}' } }] }));
      response.write(chunk({}, 'tool_calls'));
      response.write(usageChunk(120, 15, 100));
    } else {
      response.write(chunk({ content: 'Done.' }));
      response.write(chunk({}, 'stop'));
      response.write(usageChunk(150, 5, 120));
    }
    response.write('data: [DONE]\n\n');
    response.end();
  });
}

/** One answer of the scripted endpoint: some words, then tool calls with their raw argument text (or none: it stops). */
interface Reply {
  text?: string;
  calls?: { name: string; arguments: string }[];
}

/**
 * An OpenAI-compatible endpoint that answers each request with the next reply of its script, the
 * tool calls' arguments streamed in two pieces as providers do; past the script it says "Done.".
 */
function scriptedOpenAi(requests: ChatRequest[], script: Reply[]) {
  let next = 0;
  return createServer(async (request: IncomingMessage, response) => {
    let raw = '';
    for await (const part of request) raw += part;
    requests.push({ authorization: request.headers.authorization, body: JSON.parse(raw) as ChatRequest['body'] });
    const reply = script[next++] ?? { text: 'Done.' };
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk({ role: 'assistant', content: '' }));
    if (reply.text) response.write(chunk({ content: reply.text }));
    for (const [index, made] of (reply.calls ?? []).entries()) {
      const id = `call_${next}_${index}`;
      const half = Math.ceil(made.arguments.length / 2);
      response.write(
        chunk({ tool_calls: [{ index, id, type: 'function', function: { name: made.name, arguments: '' } }] }),
      );
      response.write(chunk({ tool_calls: [{ index, function: { arguments: made.arguments.slice(0, half) } }] }));
      response.write(chunk({ tool_calls: [{ index, function: { arguments: made.arguments.slice(half) } }] }));
    }
    response.write(chunk({}, reply.calls?.length ? 'tool_calls' : 'stop'));
    response.write('data: [DONE]\n\n');
    response.end();
  });
}

const json = (name: string, value: object) => ({ name, arguments: JSON.stringify(value) });

/** The tool results the model was sent back in a request, by call id. */
const toolMessages = (request: ChatRequest | undefined) =>
  (request?.body.messages ?? []).filter((message) => message.role === 'tool');

describe('an OpenAI-compatible model over real HTTP', () => {
  const db = useTestDatabase();
  const requests: ChatRequest[] = [];
  const servers: { fake: Server; taskchat: RunningServer }[] = [];

  async function taskchatWith(fail: boolean, fake = fakeOpenAi(requests, { fail })) {
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as AddressInfo;
    const taskchat = await startServer(db.orm, {
      CHAT_MODEL_BASE_URL: `http://127.0.0.1:${port}/v1`,
      CHAT_MODEL: 'fake-model',
      CHAT_MODEL_API_KEY: API_KEY,
      CHAT_SYSTEM_PROMPT: 'You manage tasks.',
    });
    servers.push({ fake, taskchat });
    const anonymous = createTaskchatClient({ url: `${taskchat.origin}/trpc` });
    const { token } = await anonymous.auth.signUp.mutate({
      email: `${randomUUID()}@example.com`,
      password: TEST_PASSWORD,
    });
    return { taskchat, port, client: createTaskchatClient({ url: `${taskchat.origin}/trpc`, token }) };
  }
  beforeAll(() => {
    requests.length = 0;
  });
  afterAll(async () => {
    for (const { fake, taskchat } of servers) {
      await taskchat.app.close();
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it('streams the text and runs the tool the model calls, sending history, tools and key as the API expects', async () => {
    const { client, taskchat } = await taskchatWith(false);
    const events: ChatEvent[] = [];
    for await (const event of await client.chat.send.mutate({ content: 'I need oat milk', clientId: randomUUID() })) {
      events.push(event);
    }
    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(deltas.join('')).toBe('Adding it. Done.');
    expect(events.find((e) => e.type === 'tool-call')).toMatchObject({
      toolName: 'add_tasks',
      input: { tasks: [{ title: 'buy oat milk' }] },
    });
    expect(events.at(-1)).toMatchObject({ type: 'assistant-message', message: { content: 'Adding it. Done.' } });
    expect((await client.tasks.list.query()).items.map((t) => t.title)).toEqual(['buy oat milk']);

    const [first, second] = requests;
    expect(first?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first?.body).toMatchObject({ model: 'fake-model', stream: true });
    expect(first?.body.messages).toEqual([
      {
        role: 'system',
        content: expect.stringMatching(
          /^You manage tasks\.\n\nNow: .* in the user's time zone \(UTC, UTC\+00:00\)\.\nThe user's projects: Inbox\.\nThe user's labels: none\.$/,
        ),
      },
      { role: 'user', content: 'I need oat milk' },
    ]);
    expect(first?.body.tools.map((t) => t.function.name).sort()).toEqual([
      'add_tasks',
      'complete_tasks',
      'delete_tasks',
      'list_tasks',
      'move_task',
      'reschedule_tasks',
      'undo_last_turn',
      'update_task',
    ]);
    expect(second?.body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(taskchat.logs.join('\n')).not.toContain(API_KEY);
  });

  it("records the usage the API reports, under the model's configured name, and says which model answers", async () => {
    const { client, port } = await taskchatWith(false);
    const before = requests.length;
    for await (const _ of await client.chat.send.mutate({ content: 'I need oat milk', clientId: randomUUID() })) {
      // the turn runs
    }
    expect(requests.slice(before).map((request) => request.body.stream_options)).toEqual([
      { include_usage: true },
      { include_usage: true },
    ]);
    const usage = await client.chat.usage.query();
    expect(usage.days).toHaveLength(1);
    expect(usage.total).toMatchObject({ turns: 1, inputTokens: 270, outputTokens: 20, cachedInputTokens: 220 });
    const [latest] = await db.orm.em
      .getConnection()
      .execute('select model, input_tokens from chat_turns order by created_at desc limit 1');
    expect(latest).toEqual({ model: 'fake-model', input_tokens: 270 });
    expect(await client.chat.assistant.query()).toEqual({
      kind: 'model',
      model: 'fake-model',
      host: `127.0.0.1:${port}`,
    });
  });

  it('gives a typed MODEL_ERROR when the provider fails, without the key in the logs', async () => {
    const { client, taskchat } = await taskchatWith(true);
    const events: ChatEvent[] = [];
    for await (const event of await client.chat.send.mutate({ content: 'hello', clientId: randomUUID() })) {
      events.push(event);
    }
    expect(events.map((e) => e.type)).toEqual(['user-message', 'error']);
    expect(events.at(-1)).toMatchObject({ code: 'MODEL_ERROR' });
    expect(taskchat.logs.some((line) => line.includes('the model failed'))).toBe(true);
    expect(taskchat.logs.join('\n')).not.toContain(API_KEY);
  });

  it('runs the task tools a model calls with words for dates and projects by name, numbered results, and an undo', async () => {
    const scripted: ChatRequest[] = [];
    const script: Reply[] = [
      {
        text: 'Adding. ',
        calls: [
          json('add_tasks', {
            tasks: [
              { title: 'call mom', due: 'tomorrow at 6pm', project: 'home', reminders: ['30 minutes before'] },
              { title: 'pay rent', recurrence: 'every month on the 1st', priority: 1, labels: ['bills'] },
            ],
          }),
        ],
      },
      { calls: [json('list_tasks', { view: 'upcoming' })] },
      { text: 'Added both.' },
      { calls: [json('undo_last_turn', {})] },
      { text: 'Undone.' },
    ];
    const { client } = await taskchatWith(false, scriptedOpenAi(scripted, script));
    await client.projects.create.mutate({ name: 'Home' });
    const send = async (content: string, conversationId?: string) => {
      const events: ChatEvent[] = [];
      for await (const event of await client.chat.send.mutate({ content, clientId: randomUUID(), conversationId })) {
        events.push(event);
      }
      return events;
    };
    const first = await send('call mom tomorrow at 6pm, and rent on the 1st of every month');
    const answer = first.at(-1) as Extract<ChatEvent, { type: 'assistant-message' }>;
    expect(answer.message.content).toBe('Adding. Added both.');
    expect(answer.effects.map((effect) => effect.change)).toEqual([
      expect.stringMatching(/^Added “call mom” to Home, due \w{3} \d{1,2} \w{3}( \d{4})? 18:00$/),
      expect.stringMatching(/^Added “pay rent”, due \w{3} 1 \w{3}( \d{4})?, repeating$/),
    ]);
    // The model reads the results back: numbered, by title, dates on the user's clock, the project by name.
    const [added, listed] = toolMessages(scripted[2]).map((message) => JSON.parse(message.content ?? ''));
    expect(added.tasks.map((task: { number: number; title: string }) => [task.number, task.title])).toEqual([
      [1, 'call mom'],
      [2, 'pay rent'],
    ]);
    expect(added.tasks[0]).toMatchObject({ project: 'Home', due: expect.stringMatching(/^\d{4}-\d\d-\d\d 18:00$/) });
    expect(added.tasks[1]).toMatchObject({ recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1', priority: 1, labels: ['bills'] });
    expect(listed).toMatchObject({ more: false, tasks: [{ number: 1 }, { number: 2 }] });
    expect((await client.tasks.list.query()).items).toHaveLength(2);

    const conversationId = (first[0] as Extract<ChatEvent, { type: 'user-message' }>).conversationId;
    const undone = await send('undo that', conversationId);
    expect(undone.find((event) => event.type === 'tool-result')).toMatchObject({
      toolName: 'undo_last_turn',
      output: { reverted: [{ title: 'pay rent' }, { title: 'call mom' }] },
    });
    expect((await client.tasks.list.query()).items).toEqual([]);
    const [effects] = await client.chat.effects.query({ messageIds: [answer.message.id] });
    expect(effects?.effects.every((effect) => effect.undoneAt instanceof Date)).toBe(true);
    await expect(client.chat.undo.mutate({ messageId: answer.message.id })).rejects.toMatchObject({
      data: { code: 'CONFLICT' },
    });
  });

  it('answers malformed tool calls (garbage JSON, wrong types, an unknown tool) with tool errors the model reads, and completes the turn', async () => {
    const scripted: ChatRequest[] = [];
    const script: Reply[] = [
      {
        calls: [
          { name: 'add_tasks', arguments: '{"tasks": [{"title": "milk"' },
          json('complete_tasks', { taskIds: 'all of them' }),
          json('update_task', { taskId: randomUUID(), priority: 'urgent' }),
          json('launch_rockets', { count: 3 }),
          json('add_tasks', { tasks: [{ title: 'milk', due: 'when the cows come home' }] }),
        ],
      },
      { text: 'Sorry, I could not do that.' },
    ];
    const { client, taskchat } = await taskchatWith(false, scriptedOpenAi(scripted, script));
    const events: ChatEvent[] = [];
    for await (const event of await client.chat.send.mutate({ content: 'add milk', clientId: randomUUID() })) {
      events.push(event);
    }
    const errors = events.filter((event) => event.type === 'tool-error');
    expect(errors.map((event) => event.toolName)).toEqual([
      'add_tasks',
      'complete_tasks',
      'update_task',
      'launch_rockets',
      'add_tasks',
    ]);
    expect(errors.at(-1)).toMatchObject({ error: expect.stringContaining('could not read “when the cows come home”') });
    expect(events.some((event) => event.type === 'error')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: 'assistant-message',
      message: { content: 'Sorry, I could not do that.', incomplete: false },
      effects: [],
    });
    // Each error went back to the model as the result of its call.
    const told = toolMessages(scripted[1]);
    expect(told).toHaveLength(5);
    expect(told.map((message) => message.content)).toEqual([
      expect.stringContaining('add_tasks'),
      expect.stringContaining('complete_tasks'),
      expect.stringContaining('update_task'),
      expect.stringContaining('launch_rockets'),
      expect.stringContaining('when the cows come home'),
    ]);
    expect((await client.tasks.list.query()).items).toEqual([]);
    expect(taskchat.logs.join('\n')).not.toContain('a chat tool failed');
  });
});
