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
  };
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', created: 1_700_000_000, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/**
 * An OpenAI-compatible chat completions endpoint on loopback: asked by a user, it streams a few
 * words and calls add_tasks; given the tool's result, it answers. With `fail`, it answers 500.
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
    } else {
      response.write(chunk({ content: 'Done.' }));
      response.write(chunk({}, 'stop'));
    }
    response.write('data: [DONE]\n\n');
    response.end();
  });
}

describe('an OpenAI-compatible model over real HTTP', () => {
  const db = useTestDatabase();
  const requests: ChatRequest[] = [];
  const servers: { fake: Server; taskchat: RunningServer }[] = [];

  async function taskchatWith(fail: boolean) {
    const fake = fakeOpenAi(requests, { fail });
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
    return { taskchat, client: createTaskchatClient({ url: `${taskchat.origin}/trpc`, token }) };
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
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.text)).toEqual(['Adding ', 'it. ', 'Done.']);
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
});
