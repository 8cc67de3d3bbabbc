import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ChatEventQueue } from '../src/chat/chat-event-queue.ts';
import type { ChatEvent } from '../src/chat/chat-events.ts';

const delta = (text: string): ChatEvent => ({ type: 'text-delta', text });
const call = (toolCallId: string): ChatEvent => ({ type: 'tool-call', toolCallId, toolName: 'list_tasks', input: {} });

async function readAll(queue: ChatEventQueue): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of queue) events.push(event);
  return events;
}

describe('a turn’s event queue', () => {
  it('joins the text deltas of one turn of the event loop, and keeps every other event in its place', async () => {
    const queue = new ChatEventQueue();
    const reading = readAll(queue);
    for (const word of ['You ', 'have ', 'two ']) queue.push(delta(word));
    queue.push(call('a'));
    queue.push(delta('tasks'));
    queue.push(delta('.'));
    queue.close();
    expect(await reading).toEqual([delta('You have two '), call('a'), delta('tasks.')]);
  });

  it('sends a delta that comes later on its own, without waiting for more', async () => {
    const queue = new ChatEventQueue();
    const received: ChatEvent[] = [];
    const reading = (async () => {
      for await (const event of queue) received.push(event);
    })();
    queue.push(delta('Hel'));
    await sleep(20);
    expect(received).toEqual([delta('Hel')]);
    queue.push(delta('lo'));
    await sleep(20);
    expect(received).toEqual([delta('Hel'), delta('lo')]);
    queue.close();
    await reading;
  });

  it('joins what arrives while the reader is busy with the last event', async () => {
    const queue = new ChatEventQueue();
    const received: ChatEvent[] = [];
    const reading = (async () => {
      for await (const event of queue) {
        received.push(event);
        await sleep(30); // a slow connection
      }
    })();
    queue.push(delta('a'));
    await sleep(10);
    queue.push(delta('b'));
    await sleep(5);
    queue.push(delta('c'));
    queue.close();
    await reading;
    expect(received).toEqual([delta('a'), delta('bc')]);
  });

  it('drops what a reader that went away would have read, and the turn goes on pushing without error', async () => {
    const queue = new ChatEventQueue();
    queue.push(delta('first'));
    for await (const event of queue) {
      expect(event).toEqual(delta('first'));
      break;
    }
    expect(() => {
      queue.push(delta('unread'));
      queue.close();
    }).not.toThrow();
    expect(await readAll(queue)).toEqual([]);
  });
});
