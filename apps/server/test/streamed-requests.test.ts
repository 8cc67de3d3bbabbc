import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

// One turn a day: a refused request that still spent the quota leaves none for the real send.
const server = useServer({ CHAT_TURNS_PER_DAY: '1' });
let token: string;

beforeAll(async () => {
  ({ token } = await server.client().auth.signUp.mutate({
    email: `streamed-${randomUUID()}@example.com`,
    password: TEST_PASSWORD,
  }));
});

/** A raw request to /trpc as the user, as a client other than @taskchat/client may send it; the JSON answer. */
async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.origin}/trpc/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown };
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers,
  body: JSON.stringify(body),
});

/** A send that would add a task, in a new conversation: any of it stored shows the turn ran. */
const turn = () => ({ json: { content: 'add buy oat milk', clientId: randomUUID() } });

const refusal = {
  error: {
    json: {
      message: expect.stringContaining('trpc-accept: application/jsonl'),
      data: expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 }),
    },
  },
};

describe('a streamed procedure over a request that cannot stream', () => {
  it('is refused before it runs: nothing stored, no quota spent, the streamed send still works', async () => {
    // A plain POST (the non-batching shape), twenty times.
    for (let i = 0; i < 20; i++) {
      const plain = await call('chat.send', post(turn()));
      expect(plain.status).toBe(415);
      expect(plain.body).toMatchObject(refusal);
    }
    // A batch of one without the streaming header (httpBatchLink's shape).
    const batch = await call('chat.send?batch=1', post({ 0: turn() }));
    expect(batch.status).toBe(415);
    expect(batch.body).toMatchObject([refusal]);
    // A batch that mixes it with another mutation: the other one runs, chat.send does not.
    const mixed = await call('tasks.create,chat.send?batch=1', post({ 0: { json: { title: 'beside' } }, 1: turn() }));
    expect(mixed.body).toMatchObject([{ result: { data: { json: { title: 'beside' } } } }, refusal]);
    // The `accept` header naming something else is no streaming request either.
    const accept = await call('chat.send?batch=1', post({ 0: turn() }, { accept: 'application/json' }));
    expect(accept.body).toMatchObject([refusal]);
    // An unparsable input is not read first: the refusal is the same.
    const junk = await call('chat.send', post({ json: { content: 42 } }));
    expect(junk.body).toMatchObject(refusal);
    // GET is for queries (405); the streaming header without a batch is refused by tRPC (400).
    const get = await call(`chat.send?input=${encodeURIComponent(JSON.stringify(turn()))}`);
    expect(get.status).toBe(405);
    const unbatched = await call('chat.send', post(turn(), { 'trpc-accept': 'application/jsonl' }));
    expect(unbatched.status).toBe(400);
    // Anonymous: UNAUTHORIZED, as for any signed-in procedure.
    const anonymous = await fetch(`${server.origin}/trpc/chat.send`, {
      ...post(turn()),
      headers: { 'content-type': 'application/json' },
    });
    expect(anonymous.status).toBe(401);

    const client = server.client(token);
    expect((await client.conversations.list.query()).items).toEqual([]);
    expect((await client.conversations.trash.query()).items).toEqual([]);
    expect((await client.tasks.list.query()).items.map((task) => task.title)).toEqual(['beside']);

    // The one turn of the day is still there, over the streaming link.
    const types: string[] = [];
    for await (const event of await client.chat.send.mutate({ content: 'add buy oat milk', clientId: randomUUID() })) {
      types.push(event.type);
    }
    expect(types.at(-1)).toBe('assistant-message');
    expect((await client.conversations.list.query()).items).toHaveLength(1);
    expect((await client.tasks.list.query()).items.map((task) => task.title).sort()).toEqual([
      'beside',
      'buy oat milk',
    ]);
  });

  it('is served as a stream when the request asks for JSON lines, without @taskchat/client', async () => {
    const { token: own } = await server.client().auth.signUp.mutate({
      email: `raw-stream-${randomUUID()}@example.com`,
      password: TEST_PASSWORD,
    });
    const response = await fetch(`${server.origin}/trpc/chat.send?batch=1`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${own}`,
        'content-type': 'application/json',
        'trpc-accept': 'application/jsonl',
      },
      body: JSON.stringify({ 0: { json: { content: 'list my tasks', clientId: randomUUID() } } }),
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).toContain('assistant-message');
    expect(lines.join('\n')).not.toContain('UNSUPPORTED_MEDIA_TYPE');
  });
});
