import { expectErrorCode, TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer();

describe('a frontend’s flow over HTTP, through @taskchat/client only', () => {
  it('signs up, adds a task, chats, lists, signs out', async () => {
    let token: string | undefined;
    const client = server.client(async () => token);

    const signedUp = await client.auth.signUp.mutate({ email: 'flow@example.com', password: TEST_PASSWORD });
    token = signedUp.token;
    expect(signedUp.user.createdAt).toBeInstanceOf(Date);
    expect(signedUp.user).not.toHaveProperty('passwordHash');

    const task = await client.tasks.create.mutate({ title: 'Water plants' });
    const conversation = await client.conversations.create.mutate({});
    const { message: question } = await client.messages.append.mutate({
      conversationId: conversation.id,
      role: 'user',
      content: 'Remind me about the plants',
    });
    const { message: answer } = await client.messages.append.mutate({
      conversationId: conversation.id,
      role: 'user',
      content: 'And the windows.',
    });

    // Three queries in one batched HTTP request.
    const [tasks, conversations, messages] = await Promise.all([
      client.tasks.list.query(),
      client.conversations.list.query(),
      client.messages.list.query({ conversationId: conversation.id }),
    ]);
    expect(tasks.items.map((t) => t.id)).toEqual([task.id]);
    expect(conversations.items).toEqual([
      { ...conversation, title: 'Remind me about the plants', updatedAt: answer.createdAt, leafId: answer.id },
    ]);
    const alone = { count: 1, position: 1, previousId: null, nextId: null };
    expect(messages).toEqual({
      items: [
        { ...question, siblings: alone, vote: null },
        { ...answer, siblings: alone, vote: null },
      ],
      nextCursor: null,
    });

    await client.auth.signOut.mutate();
    await expectErrorCode(client.auth.me.query(), 'UNAUTHORIZED');
  });

  it('a fixed string token works as well as a function', async () => {
    const { token } = await server.client().auth.signUp.mutate({ email: 'fixed@example.com', password: TEST_PASSWORD });
    expect((await server.client(token).auth.me.query()).email).toBe('fixed@example.com');
  });

  it('refuses every protected procedure without a token', async () => {
    const anonymous = server.client();
    const calls = [
      anonymous.auth.me.query(),
      anonymous.tasks.list.query(),
      anonymous.conversations.list.query(),
      anonymous.conversations.create.mutate({}),
    ];
    for (const call of calls) await expectErrorCode(call, 'UNAUTHORIZED');
  });

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.origin}/readyz`)).json()).toEqual({ status: 'ok' });
  });

  it('logs JSON lines with a request id and never a password, token or Authorization header', async () => {
    const password = 'a very secret passphrase';
    const { token } = await server.client().auth.signUp.mutate({ email: 'logs@example.com', password });
    await server.client(token).auth.me.query();
    await fetch(`${server.origin}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-me' },
    });
    // A client that wrongly puts credentials in a query string (here refused with 405): the path is logged, not the query.
    const input = encodeURIComponent(JSON.stringify({ json: { email: 'logs@example.com', password } }));
    expect((await fetch(`${server.origin}/trpc/auth.signIn?input=${input}`)).status).toBe(405);

    const lines = server.logs.map((line) => JSON.parse(line) as { reqId?: string });
    expect(lines.some((line) => line.reqId === 'trace-me')).toBe(true);
    const all = server.logs.join('\n');
    expect(all).toContain('/trpc/auth.signIn');
    expect(all).not.toContain(password);
    expect(all).not.toContain(encodeURIComponent(password));
    expect(all).not.toContain(token);
    expect(all.toLowerCase()).not.toContain('bearer');
  });
});
