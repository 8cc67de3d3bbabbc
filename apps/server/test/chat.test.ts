import { randomUUID } from 'node:crypto';
import { type ChatEvent, createTaskchatClient } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

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
    expect(last.effects).toEqual([{ taskId: expect.any(String), action: 'add', taskTitle: 'buy oat milk' }]);

    const tasks = await client.tasks.list.query();
    expect(tasks.items.map((t) => t.title)).toEqual(['buy oat milk']);
    const messages = await client.messages.list.query({ conversationId: first.conversationId });
    expect(messages.items.map((m) => m.id)).toEqual([first.message.id, last.message.id]);
    expect(messages.items[1]?.parts?.map((p) => p.type)).toEqual(['tool-call', 'tool-result', 'text']);
  });
});
