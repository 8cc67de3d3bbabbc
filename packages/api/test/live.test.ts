import { randomUUID } from 'node:crypto';
import type { TrackedEnvelope } from '@trpc/server';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import {
  type ApiDeps,
  ChangeFeed,
  type ChangeFeedOptions,
  type ConversationChange,
  type ConversationStreamEvent,
  createCaller,
  defaultChatSettings,
} from '../src/index.ts';
import { useApi } from './harness.ts';
import { controlledStep, finish, text } from './scripted-model.ts';
import { reader } from './stream-reader.ts';

const api = useApi();

type Envelope = TrackedEnvelope<ConversationStreamEvent>;

/** A caller whose subscriptions end when `close` is called (as a client's disconnect ends them). */
function closable(token: string, deps = api.deps) {
  const controller = new AbortController();
  return { caller: createCaller(deps, { token, signal: controller.signal }), close: () => controller.abort() };
}

/**
 * A user with a conversation whose next turn's model the test feeds part by part (`step`), and
 * `send` to start that turn.
 */
async function userWithHeldTurn(title: string) {
  const step = controlledStep();
  const { token, caller } = await api.newUser();
  const chat = defaultChatSettings({ model: new MockLanguageModelV4({ doStream: [step.result] }) });
  const conversation = await caller.conversations.create({ title });
  const send = (content: string) =>
    createCaller({ ...api.deps, chat }, { token }).chat.send({
      conversationId: conversation.id,
      content,
      clientId: randomUUID(),
    });
  return { step, token, caller, conversation, send };
}

const dataOf = (envelope: Envelope) => envelope[1];
/** In-process, a tracked event arrives as tRPC's envelope `[id, data]` (over HTTP the client makes it `{ id, data }`). */
const follow = (iterable: AsyncIterable<unknown>) => reader(iterable as AsyncIterable<Envelope>);
const messageContents = (envelopes: Envelope[]) =>
  envelopes.flatMap((e) => (e[1].type === 'message' ? [e[1].message.content] : []));

describe('messages.onMessage', () => {
  it('sends every message stored after it started, whoever stored it, in order', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'live' });
    await caller.messages.append({ conversationId: conversation.id, content: 'before' });
    const watcher = closable(token);
    const stream = follow(await watcher.caller.messages.onMessage({ conversationId: conversation.id }));
    await stream.quiet(); // what was there before is not sent again

    const other = createCaller(api.deps, { token }); // another device of the same user
    await other.messages.append({ conversationId: conversation.id, content: 'one' });
    await caller.messages.append({ conversationId: conversation.id, content: 'two' });
    const events = await stream.take(2);
    expect(messageContents(events)).toEqual(['one', 'two']);
    expect(events.map((e) => e[0])).toEqual(events.map((e) => (dataOf(e) as { message: { id: string } }).message.id));
    watcher.close();
  });

  it('across a reconnect in the middle of a burst: what came before and after is each stored message once, in order', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'burst' });
    const first = closable(token);
    const before = follow(await first.caller.messages.onMessage({ conversationId: conversation.id }));
    const burst = (async () => {
      for (let i = 1; i <= 40; i++) await caller.messages.append({ conversationId: conversation.id, content: `m${i}` });
    })();
    const seen = await before.take(12);
    first.close(); // the connection drops mid-burst
    const lastEventId = seen.at(-1)?.[0];

    const second = closable(token);
    const after = follow(await second.caller.messages.onMessage({ conversationId: conversation.id, lastEventId }));
    await burst;
    const rest = await after.take(28);
    await after.quiet();
    second.close();

    const stored = await caller.messages.list({ conversationId: conversation.id, limit: 100 });
    expect(messageContents([...seen, ...rest])).toEqual(stored.items.map((m) => m.content));
  });

  it('resumes after a lastEventId from long ago in pages, then goes live', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'away' });
    const { message } = await caller.messages.append({ conversationId: conversation.id, content: 'seen' });
    for (let i = 1; i <= 120; i++) await caller.messages.append({ conversationId: conversation.id, content: `${i}` });
    const watcher = closable(token);
    const stream = follow(
      await watcher.caller.messages.onMessage({ conversationId: conversation.id, lastEventId: message.id }),
    );
    const replayed = await stream.take(120);
    expect(messageContents(replayed)).toEqual(Array.from({ length: 120 }, (_, i) => `${i + 1}`));
    await caller.messages.append({ conversationId: conversation.id, content: 'live' });
    expect(messageContents([await stream.next()])).toEqual(['live']);
    watcher.close();
  });

  it('lets another connection follow a running turn, resume at the last progress it saw, then get the stored answer', async () => {
    const { step, token, conversation, send } = await userWithHeldTurn('turn');
    const phone = closable(token);
    const first = follow(await phone.caller.messages.onMessage({ conversationId: conversation.id }));

    const turn = send('Say hello');
    const userMessage = dataOf(await first.next());
    expect(userMessage).toMatchObject({ type: 'message', message: { role: 'user', content: 'Say hello' } });
    step.push({ type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Hel' });
    const progress1 = await first.next();
    step.push({ type: 'text-delta', id: 't', delta: 'lo' });
    const progress2 = await first.next();
    expect([dataOf(progress1), dataOf(progress2)]).toEqual([
      { type: 'turn-progress', turnId: expect.any(String), seq: 1, event: { type: 'text-delta', text: 'Hel' } },
      { type: 'turn-progress', turnId: expect.any(String), seq: 2, event: { type: 'text-delta', text: 'lo' } },
    ]);
    phone.close(); // a tunnel

    step.push({ type: 'text-delta', id: 't', delta: ', you' });
    const laptop = closable(token);
    const resumed = follow(
      await laptop.caller.messages.onMessage({ conversationId: conversation.id, lastEventId: progress2[0] }),
    );
    expect(dataOf(await resumed.next())).toMatchObject({ type: 'turn-progress', seq: 3, event: { text: ', you' } });
    step.push(...text('.').slice(1), finish('stop'));
    step.end();
    // Progress still unread when the turn stores its answer is not sent (the turn's events go with
    // the store, and the answer holds them): the last delta comes, or the answer already holds it.
    const rest: ConversationStreamEvent[] = [];
    while (rest.at(-1)?.type !== 'turn-end') rest.push(dataOf(await resumed.next()));
    const [end, answer, ...unread] = rest.reverse();
    const lastDelta = {
      type: 'turn-progress',
      turnId: expect.any(String),
      seq: 4,
      event: { type: 'text-delta', text: '.' },
    };
    expect(unread).toEqual(unread.length > 0 ? [lastDelta] : []);
    expect(answer).toMatchObject({ type: 'message', message: { role: 'assistant', content: 'Hello, you.' } });
    expect(end).toEqual({
      type: 'turn-end',
      turnId: (dataOf(progress1) as { turnId: string }).turnId,
      assistantMessageId: (answer as { message: { id: string } }).message.id,
      errorCode: null,
    });
    await resumed.quiet();
    for await (const _ of await turn) {
      // the sender's own stream ends too
    }
    laptop.close();
  });

  it('sends a turn’s end right after its answer, before what was stored after it, when read late', async () => {
    const { step, token, caller, conversation, send } = await userWithHeldTurn('late reader');
    const watcher = closable(token);
    const stream = follow(await watcher.caller.messages.onMessage({ conversationId: conversation.id }));
    const turn = send('Hi');
    await stream.next(); // the user message
    step.push(...text('Hello.'), finish('stop'));
    step.end();
    await collectAll(await turn);
    await caller.messages.append({ conversationId: conversation.id, content: 'after' });

    const rest = [];
    for (let event = dataOf(await stream.next()); ; event = dataOf(await stream.next())) {
      rest.push(event);
      if (event.type === 'message' && event.message.content === 'after') break;
    }
    expect(
      rest.filter((e) => e.type !== 'turn-progress').map((e) => (e.type === 'message' ? e.message.content : e.type)),
    ).toEqual(['Hello.', 'turn-end', 'after']);
    watcher.close();
  });

  it('ends with conversation-deleted when the conversation is deleted', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'doomed' });
    const stream = follow(
      await createCaller(api.deps, { token }).messages.onMessage({ conversationId: conversation.id }),
    );
    await caller.conversations.delete({ id: conversation.id });
    expect(dataOf(await stream.next())).toEqual({ type: 'conversation-deleted', conversationId: conversation.id });
    expect(await stream.end()).toBe('done');
  });

  it('ends when its session signs out; the next subscription is UNAUTHORIZED', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'signed out' });
    const stream = follow(await caller.messages.onMessage({ conversationId: conversation.id }));
    const { token: otherDevice } = await api.newUser(); // another user's session is not this one's
    await createCaller(api.deps, { token: otherDevice }).auth.signOut();
    await stream.quiet();
    await caller.auth.signOut();
    expect(await stream.end()).toMatchObject({ name: 'AbortError' });
    await expect(
      createCaller(api.deps, { token }).messages.onMessage({ conversationId: conversation.id }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('ends quietly when its client leaves (every stream): a read waiting then is done, not an AbortError', async () => {
    const { token, caller } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'left' });
    const watcher = closable(token);
    const streams = [
      await watcher.caller.messages.onMessage({ conversationId: conversation.id }),
      await watcher.caller.conversations.onChange(),
      await watcher.caller.tasks.onChange(),
    ].map((stream) => (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]());
    // Each waits for its next event, as tRPC's ping wrapper leaves a read waiting while it sends a ping.
    const reads = streams.map((stream) => stream.next());
    watcher.close();
    expect(await Promise.all(reads)).toEqual(streams.map(() => ({ done: true, value: undefined })));
  });

  it('refuses a lastEventId that is not an event of this conversation (BAD_REQUEST)', async () => {
    const { caller } = await api.newUser();
    const mine = await caller.conversations.create({ title: 'a' });
    const other = await caller.conversations.create({ title: 'b' });
    const { message } = await caller.messages.append({ conversationId: other.id, content: 'elsewhere' });
    const { message: here } = await caller.messages.append({ conversationId: mine.id, content: 'here' });
    const invalid = [message.id, 'garbage', `${message.id}/x/1`, '', `${randomUUID()}/${randomUUID()}/0`];
    // A turn that is not this conversation's, after one of its messages.
    invalid.push(`${here.id}/${randomUUID()}/3`, `${here.id}/${randomUUID()}/end`);
    for (const lastEventId of invalid) {
      const call = caller.messages.onMessage({ conversationId: mine.id, lastEventId });
      await expect(call, lastEventId).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('holds at most subscriptionsPerUser streams per user (TOO_MANY_REQUESTS); closing one frees its place', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'many' });
    const watchers = Array.from({ length: 10 }, () => closable(token));
    for (const watcher of watchers) await watcher.caller.messages.onMessage({ conversationId: conversation.id });
    const refused = caller.messages.onMessage({ conversationId: conversation.id });
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(caller.conversations.onChange()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another user is not affected.
    const { caller: someoneElse } = await api.newUser();
    const theirs = await someoneElse.conversations.create({ title: 'mine' });
    await expect(someoneElse.messages.onMessage({ conversationId: theirs.id })).resolves.toBeDefined();

    watchers[0]?.close();
    await expect(caller.messages.onMessage({ conversationId: conversation.id })).resolves.toBeDefined();
    for (const watcher of watchers) watcher.close();
  });
});

/** The API's dependencies with a change feed of its own under `limits`; `stop` ends its streams. */
async function feedWith(limits: Partial<ChangeFeedOptions>) {
  const feed = new ChangeFeed({ url: api.db.directUrl, logger: api.deps.logger, subscriptionsPerUser: 10, ...limits });
  await feed.start();
  return { deps: { ...api.deps, feed }, stop: () => feed.stop() };
}

/** Like `closable`, from a client address. */
function closableFrom(token: string, clientAddress: string | undefined, deps: ApiDeps) {
  const controller = new AbortController();
  const caller = createCaller(deps, { token, signal: controller.signal, ...(clientAddress ? { clientAddress } : {}) });
  return { caller, close: () => controller.abort() };
}

describe('open streams per process and per client address', () => {
  it('holds at most subscriptionsPerProcess streams, everyone’s together (TOO_MANY_REQUESTS); closing one frees its place', async () => {
    const { deps, stop } = await feedWith({ subscriptionsPerProcess: 3 });
    try {
      const [ada, bob, cy] = [await api.newUser('ada'), await api.newUser('bob'), await api.newUser('cy')];
      const conversation = await ada.caller.conversations.create({ title: 'full' });
      const open = [closable(ada.token, deps), closable(ada.token, deps), closable(bob.token, deps)];
      await open[0]?.caller.messages.onMessage({ conversationId: conversation.id });
      await open[1]?.caller.conversations.onChange();
      await open[2]?.caller.conversations.onChange();
      // Full: for a user holding some, and for one holding none.
      const cyStream = closable(cy.token, deps);
      await expect(cyStream.caller.conversations.onChange()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      await expect(
        closable(ada.token, deps).caller.messages.onMessage({ conversationId: conversation.id }),
      ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      // Another process (here: the shared feed) has its own places.
      const onShared = closable(cy.token);
      await expect(onShared.caller.conversations.onChange()).resolves.toBeDefined();
      onShared.close();

      open[0]?.close();
      await expect(cyStream.caller.conversations.onChange()).resolves.toBeDefined();
      await expect(closable(bob.token, deps).caller.conversations.onChange()).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
      });
      cyStream.close();
      for (const stream of open) stream.close();
    } finally {
      await stop();
    }
  });

  it('holds at most subscriptionsPerAddress streams per client address, IPv6 by its /64 (TOO_MANY_REQUESTS); other addresses and in-process callers are not affected', async () => {
    const { deps, stop } = await feedWith({ subscriptionsPerAddress: 2 });
    try {
      const [ada, bob] = [await api.newUser('ada'), await api.newUser('bob')];
      const conversation = await ada.caller.conversations.create({ title: 'one address' });
      // Two users behind one address share its places.
      const fromHere = [closableFrom(ada.token, '203.0.113.7', deps), closableFrom(bob.token, '203.0.113.7', deps)];
      await fromHere[0]?.caller.messages.onMessage({ conversationId: conversation.id });
      await fromHere[1]?.caller.conversations.onChange();
      const again = closableFrom(ada.token, '203.0.113.7', deps);
      await expect(again.caller.conversations.onChange()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      // The same address mapped into IPv6 is the same address.
      await expect(
        closableFrom(bob.token, '::ffff:203.0.113.7', deps).caller.conversations.onChange(),
      ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      // The same users from elsewhere, and in-process, still get theirs.
      const elsewhere = closableFrom(ada.token, '198.51.100.1', deps);
      await expect(elsewhere.caller.conversations.onChange()).resolves.toBeDefined();
      const inProcess = closableFrom(bob.token, undefined, deps);
      await expect(inProcess.caller.conversations.onChange()).resolves.toBeDefined();

      // An IPv6 client counts by its /64: another address in it is the same client, another /64 is not.
      const v6 = [closableFrom(ada.token, '2001:db8:1:2::1', deps), closableFrom(ada.token, '2001:db8:1:2::2', deps)];
      for (const stream of v6) await stream.caller.conversations.onChange();
      await expect(
        closableFrom(bob.token, '2001:db8:1:2:ffff:ffff:ffff:ffff', deps).caller.conversations.onChange(),
      ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      const nextNetwork = closableFrom(bob.token, '2001:db8:1:3::1', deps);
      await expect(nextNetwork.caller.conversations.onChange()).resolves.toBeDefined();

      // Closing one frees its place, for anyone from that address.
      fromHere[0]?.close();
      await expect(again.caller.conversations.onChange()).resolves.toBeDefined();
      for (const stream of [...fromHere, again, elsewhere, inProcess, ...v6, nextNetwork]) stream.close();
    } finally {
      await stop();
    }
  });
});

describe('conversations.onChange', () => {
  it('sends the caller’s conversations as they are created, get new activity, are updated, trashed and restored', async () => {
    const { caller, token } = await api.newUser();
    const watcher = closable(token);
    const stream = reader(await watcher.caller.conversations.onChange());
    const conversation = await caller.conversations.create({});
    const created = await stream.next();
    await caller.messages.append({ conversationId: conversation.id, content: 'Plan the trip' });
    const activity = await stream.next();
    await caller.conversations.rename({ id: conversation.id, title: 'Trip' });
    const renamed = await stream.next();
    await caller.conversations.pin({ id: conversation.id });
    const pinned = await stream.next();
    await caller.conversations.archive({ id: conversation.id });
    const archived = await stream.next();
    await caller.conversations.delete({ id: conversation.id });
    const deleted = await stream.next();
    const restored = await caller.conversations.restore({ id: conversation.id });
    const back = await stream.next();
    expect(created).toEqual({ type: 'created', conversation });
    expect(activity).toMatchObject({ type: 'activity', conversation: { id: conversation.id, title: 'Plan the trip' } });
    expect(renamed).toMatchObject({ type: 'updated', conversation: { id: conversation.id, title: 'Trip' } });
    expect(pinned).toMatchObject({ type: 'updated', conversation: { pinned: true, archived: false } });
    expect(archived).toMatchObject({ type: 'updated', conversation: { pinned: true, archived: true } });
    expect(deleted).toEqual({ type: 'deleted', conversationId: conversation.id });
    expect(back).toEqual({ type: 'created', conversation: restored });
    // Purging from the trash is announced once, as the deletion it already was.
    await caller.conversations.delete({ id: conversation.id });
    await caller.conversations.purge({ id: conversation.id });
    expect(await stream.drain()).toEqual([{ type: 'deleted', conversationId: conversation.id }]);
    watcher.close();
  });

  it('ends a conversation’s message stream when it goes to the trash', async () => {
    const { caller, token } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'to the trash' });
    const stream = follow(
      await createCaller(api.deps, { token }).messages.onMessage({ conversationId: conversation.id }),
    );
    await caller.conversations.delete({ id: conversation.id });
    expect(dataOf(await stream.next())).toEqual({
      type: 'conversation-deleted',
      conversationId: conversation.id,
    });
    expect(await stream.end()).toBe('done');
    await expect(caller.messages.onMessage({ conversationId: conversation.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('isolation', () => {
  it('another user’s conversation is NOT_FOUND, and none of their changes ever reaches the caller', async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const hers = await alice.caller.conversations.create({ title: 'private' });
    const { message } = await alice.caller.messages.append({ conversationId: hers.id, content: 'secret' });
    await expect(bob.caller.messages.onMessage({ conversationId: hers.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      bob.caller.messages.onMessage({ conversationId: hers.id, lastEventId: message.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const his = await bob.caller.conversations.create({ title: 'his' });
    const bobsWatch = closable(bob.token);
    const bobsList = reader(await bobsWatch.caller.conversations.onChange());
    const bobsMessages = follow(await bobsWatch.caller.messages.onMessage({ conversationId: his.id }));
    // Everything Alice can do to her conversations, with turns and deletion.
    const another = await alice.caller.conversations.create({ title: 'another' });
    await alice.caller.messages.append({ conversationId: another.id, content: 'more secrets' });
    await alice.caller.conversations.rename({ id: hers.id, title: 'renamed' });
    await collectAll(
      await alice.caller.chat.send({ conversationId: hers.id, content: 'add buy milk', clientId: randomUUID() }),
    );
    await alice.caller.conversations.delete({ id: another.id });
    await alice.caller.auth.signOut();
    // Bob's list may still hear the creation of his own conversation (its notification can trail
    // the subscription); nothing else, and nothing of Alice's.
    const heard = await bobsList.drain();
    expect(heard).toEqual(heard.length ? [{ type: 'created', conversation: his }] : []);
    await bobsMessages.quiet();

    // Bob's own changes still arrive: the streams were open, just silent.
    await bob.caller.messages.append({ conversationId: his.id, content: 'mine' });
    expect(messageContents([await bobsMessages.next()])).toEqual(['mine']);
    expect(((await bobsList.next()) as ConversationChange).type).toBe('activity');
    bobsWatch.close();
  });
});

async function collectAll<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}
