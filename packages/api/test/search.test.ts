import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { type Caller, useApi, walkPages } from './harness.ts';

const api = useApi();

async function conversationWith(caller: Caller, title: string | undefined, ...contents: string[]) {
  const conversation = await caller.conversations.create(title ? { title } : {});
  const messages = [];
  for (const content of contents) {
    messages.push((await caller.messages.append({ conversationId: conversation.id, content })).message);
  }
  return { id: conversation.id, messages };
}

const highlighted = (snippet: { text: string; highlighted: boolean }[]) =>
  snippet.filter((part) => part.highlighted).map((part) => part.text);

describe('conversations.search', () => {
  it('finds the caller’s conversations by their messages and titles, best first, with the best message and a snippet', async () => {
    const { caller } = await api.newUser();
    const trip = await conversationWith(
      caller,
      'Holiday',
      'We could go hiking in the Alps',
      'Book the train to Zurich',
    );
    const shopping = await conversationWith(caller, 'Groceries', 'buy oat milk and bread');
    const hiking = await conversationWith(caller, 'Hiking boots', 'which boots are best for hiking hiking trails?');

    const { items, nextCursor } = await caller.conversations.search({ query: 'hiking' });
    expect(nextCursor).toBeNull();
    // The title match counts double: "Hiking boots" first.
    expect(items.map((result) => result.conversation.id)).toEqual([hiking.id, trip.id]);
    expect(items[1]?.messageId).toBe(trip.messages[0]?.id);
    expect(highlighted(items[1]?.snippet ?? [])).toEqual(['hiking']);
    // A snippet is a stretch of the message around the match.
    expect('We could go hiking in the Alps').toContain(items[1]?.snippet.map((part) => part.text).join(''));
    expect(items.map((result) => result.conversation.id)).not.toContain(shopping.id);
  });

  it('stems in English and matches any language literally; phrases, or and -word work', async () => {
    const { caller } = await api.newUser();
    const running = await conversationWith(caller, undefined, 'I was running late');
    const german = await conversationWith(caller, undefined, 'Wir treffen uns am Bahnhof');
    const both = await conversationWith(caller, undefined, 'the late train to the Bahnhof');
    const search = async (query: string) =>
      (await caller.conversations.search({ query })).items.map((result) => result.conversation.id).sort();
    expect(await search('run')).toEqual([running.id]);
    expect(await search('Bahnhof')).toEqual([german.id, both.id].sort());
    expect(await search('"late train"')).toEqual([both.id]);
    expect(await search('late -train')).toEqual([running.id]);
    expect(await search('treffen or running')).toEqual([running.id, german.id].sort());
  });

  it('returns the snippet as text: markup in a message stays text, never a highlight', async () => {
    const { caller } = await api.newUser();
    await conversationWith(caller, undefined, 'kiwis <b>bold</b> and <img src=x onerror=alert(1)> kiwis');
    const [result] = (await caller.conversations.search({ query: 'kiwis' })).items;
    const text = result?.snippet.map((part) => part.text).join('') ?? '';
    // PostgreSQL's parser drops what it reads as a tag (<b>); the rest arrives as plain text, never as a highlight.
    expect(text).toContain('bold');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(highlighted(result?.snippet ?? [])).toEqual(['kiwis', 'kiwis']);
  });

  it('pages over (rank, id) exactly, and a cursor belongs to its query', async () => {
    const { caller } = await api.newUser();
    for (let i = 0; i < 9; i++) {
      await conversationWith(caller, undefined, `${'kiwi '.repeat((i % 3) + 1)}number ${i}`);
    }
    const whole = (await caller.conversations.search({ query: 'kiwi', limit: 50 })).items.map((r) => r.conversation.id);
    expect(whole).toHaveLength(9);
    const pages = await walkPages((cursor) =>
      caller.conversations.search({ query: 'kiwi', limit: 2, ...(cursor ? { cursor } : {}) }),
    );
    expect(pages.flat().map((result) => result.conversation.id)).toEqual(whole);
    const { nextCursor } = await caller.conversations.search({ query: 'kiwi', limit: 2 });
    await expectErrorCode(caller.conversations.search({ query: 'number', cursor: nextCursor ?? '' }), 'BAD_REQUEST');
  });

  it('never finds another user’s conversations, nor the caller’s in the trash', async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const word = `zebra${randomUUID().slice(0, 8)}`;
    await conversationWith(alice.caller, `${word} title`, `${word} in a message`);
    const bobs = await conversationWith(bob.caller, undefined, `${word} for bob`);
    expect((await bob.caller.conversations.search({ query: word })).items.map((r) => r.conversation.id)).toEqual([
      bobs.id,
    ]);
    await bob.caller.conversations.delete({ id: bobs.id });
    expect((await bob.caller.conversations.search({ query: word })).items).toEqual([]);
  });

  it('refuses a blank or oversize query', async () => {
    const { caller } = await api.newUser();
    await expectErrorCode(caller.conversations.search({ query: '   ' }), 'BAD_REQUEST');
    await expectErrorCode(caller.conversations.search({ query: 'x'.repeat(201) }), 'BAD_REQUEST');
    expect((await caller.conversations.search({ query: 'the' })).items).toEqual([]);
    await expectErrorCode(caller.conversations.search({ query: 'a\u0000b' }), 'BAD_REQUEST');
    // A crafted cursor of this very query, with a rank PostgreSQL's real cannot hold.
    const { createHash } = await import('node:crypto');
    const scope = `search:${createHash('sha256').update('kiwi').digest('base64url').slice(0, 22)}`;
    for (const rank of [1e300, 1e-300]) {
      const cursor = Buffer.from(JSON.stringify([scope, [rank], randomUUID()])).toString('base64url');
      await expectErrorCode(caller.conversations.search({ query: 'kiwi', cursor }), 'BAD_REQUEST');
    }
  });
});
