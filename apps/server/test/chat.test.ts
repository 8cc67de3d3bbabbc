import { randomUUID } from 'node:crypto';
import { type ChatEvent, createTaskchatClient, errorCode, isTaskchatError } from '@taskchat/client';
import { TEST_PASSWORD, waitForFreshRateWindow } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from './server-harness.ts';

const server = useServer();

async function signedIn(email: string) {
  const anonymous = createTaskchatClient({ url: `${server.origin}/trpc` });
  const { token } = await anonymous.auth.signUp.mutate({ email, password: TEST_PASSWORD });
  return createTaskchatClient({ url: `${server.origin}/trpc`, token });
}

describe('chat.send over HTTP', () => {
  it('streams a turn with the offline assistant through @taskchat/client, and stores it', async () => {
    const client = await signedIn(`chat-${randomUUID()}@example.com`);
    const events: ChatEvent[] = [];
    for await (const event of await client.chat.send.mutate({ content: 'add buy oat milk', clientId: randomUUID() })) {
      events.push(event);
    }
    expect(events.map((e) => e.type).filter((t, i, all) => all.indexOf(t) === i)).toEqual([
      'user-message',
      'tool-call',
      'tool-result',
      'text-delta',
      'assistant-message',
    ]);
    const first = events[0] as Extract<ChatEvent, { type: 'user-message' }>;
    expect(first.message.createdAt).toBeInstanceOf(Date);
    const last = events.at(-1) as Extract<ChatEvent, { type: 'assistant-message' }>;
    expect(last.message.content).toBe('Added “buy oat milk”.');
    expect(last.effects).toEqual([
      {
        taskId: expect.any(String),
        action: 'add',
        taskTitle: 'buy oat milk',
        change: 'Added “buy oat milk”',
        undoneAt: null,
        undoes: null,
      },
    ]);

    const tasks = await client.tasks.list.query();
    expect(tasks.items.map((t) => t.title)).toEqual(['buy oat milk']);
    const messages = await client.messages.list.query({ conversationId: first.conversationId });
    expect(messages.items.map((m) => m.id)).toEqual([first.message.id, last.message.id]);
    expect(messages.items[1]?.parts?.map((p) => p.type)).toEqual(['tool-call', 'tool-result', 'text']);
  });

  it('refuses a turn past the quota with TOO_MANY_REQUESTS and the seconds to wait', async () => {
    // Per day: a minute could end mid-test and reset the count.
    await waitForFreshRateWindow(86_400_000);
    const limited = await startServer(server.db.orm, { CHAT_TURNS_PER_DAY: '1' });
    try {
      const anonymous = limited.client();
      const { token } = await anonymous.auth.signUp.mutate({
        email: `quota-${randomUUID()}@example.com`,
        password: TEST_PASSWORD,
      });
      const client = limited.client(token);
      for await (const _event of await client.chat.send.mutate({ content: 'list', clientId: randomUUID() })) {
        // the one turn the quota allows
      }
      const refused = await client.chat.send.mutate({ content: 'list', clientId: randomUUID() }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
      const retryAfter = isTaskchatError(refused) ? refused.data?.retryAfter : null;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
    } finally {
      await limited.app.close();
    }
  });
});
