import { expectErrorCode, TEST_PASSWORD } from '@taskchat/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer({ BODY_LIMIT: String(1024 * 1024), MAX_BATCH_SIZE: '10' });
let token: string;

beforeAll(async () => {
  ({ token } = await server.client().auth.signUp.mutate({ email: 'bad@example.com', password: TEST_PASSWORD }));
});

/** A raw HTTP request, for what a well-behaved client would never send. */
async function send(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** After every refusal, a normal call still works. */
async function expectStillServing() {
  const created = await server.client(token).tasks.create.mutate({ title: 'still serving' });
  expect(created.title).toBe('still serving');
}

const jsonPost = (body: string, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType },
  body,
});

describe('bad requests get a 4xx, no stack, and the server keeps serving', () => {
  it('an oversize body: 413', async () => {
    const body = JSON.stringify({ json: { title: 'x'.repeat(2 * 1024 * 1024) } });
    const { status, text } = await send('/trpc/tasks.create', jsonPost(body));
    expect(status).toBe(413);
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    await expectStillServing();
  });

  it('malformed JSON: 400', async () => {
    const { status, text } = await send('/trpc/tasks.create', jsonPost('{"json": {"title": '));
    expect(status).toBe(400);
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    await expectStillServing();
  });

  it('malformed input through the client: BAD_REQUEST with the field named', async () => {
    const client = server.client(token);
    const error = await expectErrorCode<{ data: { zodError: { fieldErrors: object } } }>(
      client.conversations.get.query({ id: 'not-a-uuid' }),
      'BAD_REQUEST',
    );
    expect(error.data.zodError.fieldErrors).toHaveProperty('id');
    await expectErrorCode(client.tasks.create.mutate({ title: 'a\u0000b' }), 'BAD_REQUEST');
    await expectStillServing();
  });

  it('hostile input to the account procedures: 400 each, the account untouched', async () => {
    const attempts: [string, unknown][] = [
      ['auth.revokeSession', { id: 'not-a-uuid' }],
      ['auth.revokeSession', { id: "'; delete from sessions; --" }],
      ['auth.sessions', { limit: 0 }],
      ['auth.sessions', { limit: 101 }],
      ['auth.sessions', { cursor: 'garbage!' }],
      ['auth.changePassword', { currentPassword: TEST_PASSWORD }],
      ['auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(129) }],
      ['auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'short' }],
      ['auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'password1' }],
      ['auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'bad@example.com' }],
      ['auth.changePassword', { currentPassword: 'wrong password', newPassword: 'qwertyuiop' }],
      ['auth.deleteAccount', { password: null }],
      ['auth.deleteAccount', {}],
      ['auth.signIn', { email: 'not an email', password: TEST_PASSWORD }],
      ['auth.signUp', { email: 'bad@example.com', password: 'bad@example.com' }],
      ['auth.signUp', { email: 'new@example.com', password: '12345678' }],
    ];
    for (const [path, input] of attempts) {
      const isQuery = path === 'auth.sessions';
      const encoded = JSON.stringify({ json: input });
      const { status, text } = isQuery
        ? await send(`/trpc/${path}?input=${encodeURIComponent(encoded)}`)
        : await send(`/trpc/${path}`, jsonPost(encoded));
      expect(status, `${path} ${encoded}`).toBe(400);
      expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect((await server.client(token).auth.sessions.query()).items).toHaveLength(1);
    await expectStillServing();
  });

  it('a batch over the limit: 400, while a batch at the limit succeeds', async () => {
    const batch = (size: number) => {
      const paths = Array.from({ length: size }, () => 'auth.me').join(',');
      const input = Object.fromEntries(Array.from({ length: size }, (_, i) => [i, {}]));
      return send(`/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`);
    };
    expect((await batch(10)).status).toBe(200);
    const over = await batch(11);
    expect(over.status).toBe(400);
    await expectStillServing();
  });

  it('a wrong content type: 415', async () => {
    const { status } = await send('/trpc/tasks.create', jsonPost('title=x', 'application/x-www-form-urlencoded'));
    expect(status).toBe(415);
    const plain = await send('/trpc/tasks.create', jsonPost(JSON.stringify({ json: { title: 'x' } }), 'text/plain'));
    expect(plain.status).toBe(415);
    await expectStillServing();
  });

  it('an unknown procedure: 404', async () => {
    expect((await send('/trpc/nope.nothing')).status).toBe(404);
    await expectStillServing();
  });
});
