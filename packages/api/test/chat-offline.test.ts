import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';

const api = useApi();

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** Sends one message and returns the turn's events and the assistant's whole text. */
async function say(caller: Caller, content: string, conversationId?: string) {
  const events = await collect(await caller.chat.send({ content, clientId: randomUUID(), conversationId }));
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  const first = events[0];
  const conversation = first?.type === 'user-message' ? first.conversationId : undefined;
  return { events, text, conversationId: conversation as string };
}

describe('the offline assistant', () => {
  it('adds, lists, completes, renames and deletes tasks in plain language', async () => {
    const { caller } = await api.newUser();
    const added = await say(caller, 'add buy oat milk');
    expect(added.text).toBe('Added “buy oat milk”.');
    const types = added.events.map((e) => e.type);
    expect(types).toEqual([
      'user-message',
      'tool-call',
      'tool-result',
      ...types.slice(3, -1).map(() => 'text-delta'),
      'assistant-message',
    ]);
    const { conversationId } = added;
    await say(caller, 'add a task to call the plumber', conversationId);

    const listed = await say(caller, 'what are my tasks', conversationId);
    expect(listed.text).toBe('Your open tasks:\n1. call the plumber\n2. buy oat milk');

    const done = await say(caller, 'done 2', conversationId);
    expect(done.text).toBe('Marked “buy oat milk” as done.');
    const renamed = await say(caller, 'rename plumber to call the electrician', conversationId);
    expect(renamed.text).toBe('Renamed it to “call the electrician”.');
    const deleted = await say(caller, 'delete 1', conversationId);
    expect(deleted.text).toBe('Deleted “call the electrician”.');

    const tasks = await caller.tasks.list({ view: 'all' });
    expect(tasks.items.map((t) => [t.title, t.completed])).toEqual([['buy oat milk', true]]);
    const messages = await caller.messages.list({ conversationId });
    expect(messages.items.map((m) => m.role)).toEqual(
      Array(12)
        .fill(0)
        .map((_, i) => (i % 2 ? 'assistant' : 'user')),
    );
  });

  it('says so when a number or title does not exist, and helps with anything else', async () => {
    const { caller } = await api.newUser();
    const { conversationId } = await say(caller, 'add water plants');
    expect((await say(caller, 'done 7', conversationId)).text).toBe(
      'I could not find task 7. Your open tasks:\n1. water plants',
    );
    expect((await say(caller, 'delete the car', conversationId)).text).toBe(
      'I could not find a task called “the car”. Your open tasks:\n1. water plants',
    );
    const help = await say(caller, 'hello there', conversationId);
    expect(help.text).toContain('I am the offline assistant');
    expect(help.events.some((e) => e.type === 'tool-call')).toBe(false);
  });
});
