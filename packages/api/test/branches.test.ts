import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import {
  type ChatEvent,
  createCaller,
  defaultChatSettings,
  defaultConversationSettings,
  exportAccount,
  metricsText,
} from '../src/index.ts';
import { useApi } from './harness.ts';
import { finish, gatedStep, step, text } from './scripted-model.ts';

const api = useApi();

/** A model that answers every turn with `answer <n>`, recording the prompts it was given. */
function countingModel() {
  let turns = 0;
  return new MockLanguageModelV4({
    doStream: async () => step([...text(`answer ${++turns}`), finish('stop')]),
  });
}

async function userWith(options: { branchesPerMessage?: number; sharesPerUser?: number } = {}) {
  const model = countingModel();
  const { token, caller: plain, userId } = await api.newUser();
  const deps = {
    ...api.deps,
    chat: defaultChatSettings({ model }),
    conversations: defaultConversationSettings(options),
  };
  return { caller: createCaller(deps, { token }), plain, userId, model };
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

type Caller = Awaited<ReturnType<typeof userWith>>['caller'];

/** One turn; the stored user message and answer. */
async function turn(caller: Caller, input: { conversationId?: string; content: string; parentId?: string | null }) {
  const events = await collect(await caller.chat.send({ ...input, clientId: randomUUID() }));
  const question = events.find((event) => event.type === 'user-message');
  const answer = events.find((event) => event.type === 'assistant-message');
  if (question?.type !== 'user-message' || answer?.type !== 'assistant-message') throw new Error('no turn');
  return { conversationId: question.conversationId, question: question.message, answer: answer.message };
}

const contents = async (caller: Caller, conversationId: string, leafId?: string) =>
  (await caller.messages.list({ conversationId, leafId })).items.map((message) => message.content);

/** What the model was asked in its last call: the user and assistant words, in order. */
function lastPrompt(model: MockLanguageModelV4): string[] {
  const prompt = model.doStreamCalls.at(-1)?.prompt ?? [];
  return prompt.flatMap((message) =>
    message.role === 'user' || message.role === 'assistant'
      ? message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []))
      : [],
  );
}

describe('a message tree', () => {
  it('keeps an edit as a new branch beside the old one, answered from its own branch only', async () => {
    const { caller, model } = await userWith();
    const first = await turn(caller, { content: 'plan my week' });
    const { conversationId } = first;
    const second = await turn(caller, { conversationId, content: 'add gym on monday' });
    expect(second.question.parentId).toBe(first.answer.id);
    expect(second.answer.parentId).toBe(second.question.id);

    // Edit the second question: a sibling of it, after the same parent.
    const edited = await turn(caller, { conversationId, content: 'add swim on tuesday', parentId: first.answer.id });
    expect(edited.question.parentId).toBe(first.answer.id);
    expect(lastPrompt(model)).toEqual(['plan my week', 'answer 1', 'add swim on tuesday']);
    expect(await contents(caller, conversationId)).toEqual([
      'plan my week',
      'answer 1',
      'add swim on tuesday',
      'answer 3',
    ]);
    // The old branch is kept, and reachable by its leaf.
    expect(await contents(caller, conversationId, second.answer.id)).toEqual([
      'plan my week',
      'answer 1',
      'add gym on monday',
      'answer 2',
    ]);

    const { items } = await caller.messages.list({ conversationId });
    expect(items.map((message) => message.siblings)).toEqual([
      { count: 1, position: 1, previousId: null, nextId: null },
      { count: 1, position: 1, previousId: null, nextId: null },
      { count: 2, position: 2, previousId: second.question.id, nextId: null },
      { count: 1, position: 1, previousId: null, nextId: null },
    ]);
    expect((await caller.conversations.get({ id: conversationId })).leafId).toBe(edited.answer.id);
  });

  it('edits a first message as a new first message (parentId null)', async () => {
    const { caller } = await userWith();
    const first = await turn(caller, { content: 'hello' });
    const edited = await turn(caller, { conversationId: first.conversationId, content: 'hi there', parentId: null });
    expect(edited.question.parentId).toBeNull();
    const { items } = await caller.messages.list({ conversationId: first.conversationId });
    expect(items.map((message) => message.content)).toEqual(['hi there', 'answer 2']);
    expect(items[0]?.siblings).toEqual({ count: 2, position: 2, previousId: first.question.id, nextId: null });
  });

  it('regenerates an answer as a sibling from the same question, on that branch’s history', async () => {
    const { caller, model } = await userWith();
    const first = await turn(caller, { content: 'one' });
    const { conversationId } = first;
    const second = await turn(caller, { conversationId, content: 'two' });
    // Regenerating the first answer, from a conversation that went on past it.
    const clientId = randomUUID();
    const events = await collect(await caller.chat.regenerate({ messageId: first.answer.id, clientId }));
    expect(events.some((event) => event.type === 'user-message')).toBe(false);
    const regenerated = events.find((event) => event.type === 'assistant-message');
    expect(regenerated?.type === 'assistant-message' && regenerated.message).toMatchObject({
      parentId: first.question.id,
      content: 'answer 3',
    });
    expect(lastPrompt(model)).toEqual(['one']);
    expect(await contents(caller, conversationId)).toEqual(['one', 'answer 3']);
    const { items } = await caller.messages.list({ conversationId });
    expect(items[1]?.siblings).toMatchObject({ count: 2, position: 2, previousId: first.answer.id });

    // The same clientId again replays it: no third model call, no third answer.
    const calls = model.doStreamCalls.length;
    const replayed = await collect(await caller.chat.regenerate({ messageId: first.answer.id, clientId }));
    expect(replayed.find((event) => event.type === 'assistant-message')).toEqual(regenerated);
    expect(model.doStreamCalls.length).toBe(calls);

    // Switching back to the first answer shows its branch to its newest message.
    const switched = await caller.conversations.setLeaf({ id: conversationId, messageId: first.answer.id });
    expect(switched.leafId).toBe(second.answer.id);
    expect(await contents(caller, conversationId)).toEqual(['one', 'answer 1', 'two', 'answer 2']);
    // The next message follows the current branch.
    const third = await turn(caller, { conversationId, content: 'three' });
    expect(third.question.parentId).toBe(second.answer.id);
  });

  it('refuses to regenerate a user message, or an answer of another user, and stores nothing', async () => {
    const { caller } = await userWith();
    const { caller: other } = await userWith();
    const first = await turn(caller, { content: 'one' });
    const refused = await expectErrorCode(
      caller.chat.regenerate({ messageId: first.question.id, clientId: randomUUID() }),
      'BAD_REQUEST',
    );
    expect(refused.message).toContain('Only an answer');
    await expectErrorCode(other.chat.regenerate({ messageId: first.answer.id, clientId: randomUUID() }), 'NOT_FOUND');
    expect((await caller.messages.list({ conversationId: first.conversationId })).items).toHaveLength(2);
  });

  it('one running turn per conversation holds for regenerations too', async () => {
    const held = gatedStep([...text('slow'), finish('stop')]);
    let calls = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => (++calls === 2 ? held.result : step([...text(`answer ${calls}`), finish('stop')])),
    });
    const { token } = await api.newUser();
    const caller = createCaller({ ...api.deps, chat: defaultChatSettings({ model }) }, { token });
    const first = await turn(caller, { content: 'one' });
    const running = await caller.chat.regenerate({ messageId: first.answer.id, clientId: randomUUID() });
    const iterator = running[Symbol.asyncIterator]();
    while (model.doStreamCalls.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const busy = await collect(
      await caller.chat.send({ conversationId: first.conversationId, content: 'two', clientId: randomUUID() }),
    );
    expect(busy).toEqual([expect.objectContaining({ type: 'error', code: 'TURN_IN_PROGRESS' })]);
    held.open();
    while (!(await iterator.next()).done) {}
    expect(await contents(caller, first.conversationId)).toEqual(['one', 'slow']);
  });

  it('refuses a parent of another conversation or user, and a leaf that is not the conversation’s: NOT_FOUND, nothing stored', async () => {
    const { caller } = await userWith();
    const { caller: other } = await userWith();
    const mine = await turn(caller, { content: 'mine' });
    const elsewhere = await turn(caller, { content: 'elsewhere' });
    const theirs = await turn(other, { content: 'theirs' });
    for (const parentId of [elsewhere.answer.id, theirs.answer.id, randomUUID()]) {
      await expectErrorCode(
        caller.chat.send({ conversationId: mine.conversationId, content: 'x', clientId: randomUUID(), parentId }),
        'NOT_FOUND',
      );
      await expectErrorCode(
        caller.conversations.setLeaf({ id: mine.conversationId, messageId: parentId }),
        'NOT_FOUND',
      );
      await expectErrorCode(
        caller.messages.list({ conversationId: mine.conversationId, leafId: parentId }),
        'NOT_FOUND',
      );
    }
    await expectErrorCode(
      other.conversations.setLeaf({ id: mine.conversationId, messageId: mine.answer.id }),
      'NOT_FOUND',
    );
    expect(await contents(caller, mine.conversationId)).toEqual(['mine', 'answer 1']);
    expect((await caller.chat.usage({})).days.reduce((sum, day) => sum + day.turns, 0)).toBe(2);
  });

  it('a parentId needs its conversation', async () => {
    const { caller } = await userWith();
    await expectErrorCode(caller.chat.send({ content: 'x', clientId: randomUUID(), parentId: null }), 'BAD_REQUEST');
  });

  it('bounds the branches after one message (BRANCHES_PER_MESSAGE): past it, BAD_REQUEST and nothing stored', async () => {
    const { caller } = await userWith({ branchesPerMessage: 2 });
    const first = await turn(caller, { content: 'one' });
    const { conversationId } = first;
    await turn(caller, { conversationId, content: 'two', parentId: null });
    const refused = await expectErrorCode(
      caller.chat.send({ conversationId, content: 'three', clientId: randomUUID(), parentId: null }),
      'BAD_REQUEST',
    );
    expect(refused.message).toContain('at most 2 branches');
    await caller.chat.regenerate({ messageId: first.answer.id, clientId: randomUUID() }).then(collect);
    await expectErrorCode(
      caller.chat.regenerate({ messageId: first.answer.id, clientId: randomUUID() }),
      'BAD_REQUEST',
    );
    const { items } = await caller.messages.list({ conversationId, leafId: first.question.id });
    expect(items[0]?.siblings.count).toBe(2);
  });
});

describe('votes', () => {
  it('one per answer, changeable, with an optional comment; listed with the message; counted in metrics', async () => {
    const { caller } = await userWith();
    const { conversationId, question, answer } = await turn(caller, { content: 'hello' });
    const before = await metricsText();
    const countOf = (text: string, value: string) =>
      Number(text.match(new RegExp(`taskchat_message_votes_total\\{value="${value}"\\} (\\d+)`))?.[1] ?? 0);

    expect(await caller.messages.vote({ messageId: answer.id, value: 'down', comment: 'too long' })).toMatchObject({
      messageId: answer.id,
      value: 'down',
      comment: 'too long',
    });
    await caller.messages.vote({ messageId: answer.id, value: 'up' });
    const listed = (await caller.messages.list({ conversationId })).items;
    expect(listed.map((message) => message.vote)).toEqual([null, { value: 'up', comment: null }]);
    expect(await caller.messages.vote({ messageId: answer.id, value: null })).toBeNull();
    expect((await caller.messages.list({ conversationId })).items[1]?.vote).toBeNull();

    const after = await metricsText();
    expect(countOf(after.body, 'down') - countOf(before.body, 'down')).toBe(1);
    expect(countOf(after.body, 'up') - countOf(before.body, 'up')).toBe(1);
    expect(after.body).not.toContain('too long');

    const refused = await expectErrorCode(caller.messages.vote({ messageId: question.id, value: 'up' }), 'BAD_REQUEST');
    expect(refused.message).toContain('Only an answer');
  });

  it('another user’s answer is a missing one; a comment is bounded', async () => {
    const { caller } = await userWith();
    const { caller: other } = await userWith();
    const { conversationId, answer } = await turn(caller, { content: 'hello' });
    await expectErrorCode(other.messages.vote({ messageId: answer.id, value: 'up' }), 'NOT_FOUND');
    await expectErrorCode(
      caller.messages.vote({ messageId: answer.id, value: 'up', comment: 'x'.repeat(1_001) }),
      'BAD_REQUEST',
    );
    expect((await caller.messages.list({ conversationId })).items[1]?.vote).toBeNull();
  });
});

describe('share links', () => {
  it('show the branch as it was shared to anyone with the link, never changing; unshare revokes at once', async () => {
    const { caller } = await userWith();
    const first = await turn(caller, { content: 'my packing list' });
    const { conversationId } = first;
    await caller.conversations.rename({ id: conversationId, title: 'Trip' });
    const { share, token, path } = await caller.conversations.share({ id: conversationId });
    expect(path).toBe(`/share/${token}`);
    expect(share).toMatchObject({ conversationId, title: 'Trip', messageCount: 2 });
    const anonymous = createCaller(api.deps);
    const view = async () => await anonymous.conversations.shared({ token });
    const shared = await view();
    expect(shared).toMatchObject({ title: 'Trip', messageCount: 2, nextCursor: null });
    expect(shared.messages).toEqual([
      { role: 'user', content: 'my packing list', createdAt: first.question.createdAt },
      { role: 'assistant', content: 'answer 1', createdAt: first.answer.createdAt },
    ]);
    expect(JSON.stringify(shared)).not.toContain(first.answer.id);

    // The conversation goes on, is edited and renamed: the snapshot stays as it was.
    await turn(caller, { conversationId, content: 'and the tent' });
    await turn(caller, { conversationId, content: 'rewritten', parentId: null });
    await caller.conversations.rename({ id: conversationId, title: 'Other' });
    expect(await view()).toEqual(shared);
    expect((await caller.conversations.shares()).map((listed) => listed.id)).toEqual([share.id]);

    // In the trash, the link shows nothing; restored, it shows the snapshot again.
    await caller.conversations.delete({ id: conversationId });
    await expectErrorCode(view(), 'NOT_FOUND');
    await caller.conversations.restore({ id: conversationId });
    expect(await view()).toEqual(shared);

    await caller.conversations.unshare({ shareId: share.id });
    await expectErrorCode(view(), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.unshare({ shareId: share.id }), 'NOT_FOUND');
    expect(await caller.conversations.shares()).toEqual([]);
  });

  it('a guessed or malformed token, another user’s unshare, an empty conversation: typed 4xx, nothing stored', async () => {
    const { caller } = await userWith();
    const { caller: other } = await userWith();
    const anonymous = createCaller(api.deps);
    await expectErrorCode(anonymous.conversations.shared({ token: 'A'.repeat(43) }), 'NOT_FOUND');
    await expectErrorCode(anonymous.conversations.shared({ token: '../etc/passwd' }), 'BAD_REQUEST');
    const empty = await caller.conversations.create({ title: 'empty' });
    await expectErrorCode(caller.conversations.share({ id: empty.id }), 'BAD_REQUEST');
    const { conversationId } = await turn(caller, { content: 'hello' });
    await expectErrorCode(other.conversations.share({ id: conversationId }), 'NOT_FOUND');
    const { share, token } = await caller.conversations.share({ id: conversationId });
    await expectErrorCode(other.conversations.unshare({ shareId: share.id }), 'NOT_FOUND');
    expect((await anonymous.conversations.shared({ token })).messages).toHaveLength(2);
    expect(await other.conversations.shares()).toEqual([]);
  });

  it('pages a long snapshot from its own leaf; a cursor cannot lead off its branch', async () => {
    const { caller } = await userWith();
    const first = await turn(caller, { content: 'q1' });
    const { conversationId } = first;
    for (const content of ['q2', 'q3']) await turn(caller, { conversationId, content });
    const { token } = await caller.conversations.share({ id: conversationId });
    const anonymous = createCaller(api.deps);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await anonymous.conversations.shared({ token, limit: 4, cursor });
      pages.push(page.messages.map((message) => message.content));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([
      ['q2', 'answer 2', 'q3', 'answer 3'],
      ['q1', 'answer 1'],
    ]);
    const forged = Buffer.from(JSON.stringify(['shared', [0], first.answer.id])).toString('base64url');
    await expectErrorCode(anonymous.conversations.shared({ token, cursor: forged }), 'BAD_REQUEST');
  });

  it('bounds the links one user holds (SHARES_PER_USER)', async () => {
    const { caller } = await userWith({ sharesPerUser: 2 });
    const { conversationId } = await turn(caller, { content: 'hello' });
    await caller.conversations.share({ id: conversationId });
    const { share } = await caller.conversations.share({ id: conversationId });
    await expectErrorCode(caller.conversations.share({ id: conversationId }), 'BAD_REQUEST');
    await caller.conversations.unshare({ shareId: share.id });
    await caller.conversations.share({ id: conversationId });
    expect(await caller.conversations.shares()).toHaveLength(2);
  });
});

describe('export and import of branches', () => {
  /** The conversation lines of the user's export: each conversation with its messages, as conversations.import takes them. */
  async function conversationFile(caller: Caller, userId: string): Promise<string> {
    const user = await caller.auth.me();
    let text = '';
    for await (const line of exportAccount({
      db: api.deps.db,
      auth: { user: { ...user, id: userId }, sessionId: 'test' } as never,
    })) {
      text += line;
    }
    const lines = text.trim().split('\n');
    return lines.slice(lines.findIndex((line) => line.includes('"type":"conversation"'))).join('\n');
  }

  it('carries every branch, the leaf and the votes (version 3); imported, the tree is the same', async () => {
    const { caller, userId } = await userWith();
    const first = await turn(caller, { content: 'one' });
    const { conversationId } = first;
    const second = await turn(caller, { conversationId, content: 'two' });
    await turn(caller, { conversationId, content: 'two, edited', parentId: first.answer.id });
    await caller.messages.vote({ messageId: second.answer.id, value: 'down', comment: 'wrong' });
    await caller.conversations.setLeaf({ id: conversationId, messageId: second.question.id });
    await caller.conversations.share({ id: conversationId });
    const file = await conversationFile(caller, userId);
    const lines = file.split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      type: 'conversation',
      leafId: second.answer.id,
      shares: [{ leafId: second.answer.id }],
    });
    expect(JSON.stringify(lines)).not.toMatch(/token/i);
    expect(lines.find((line) => line.id === second.answer.id)).toMatchObject({
      parentId: second.question.id,
      vote: { value: 'down', comment: 'wrong' },
    });

    const { caller: other } = await userWith();
    const imported = await other.conversations.import({ ndjson: file });
    expect(imported).toMatchObject({ status: 'created', storedMessages: 6 });
    const view = async (who: Caller, id: string) =>
      (await who.messages.list({ conversationId: id })).items.map((message) => ({
        content: message.content,
        siblings: message.siblings.count,
        vote: message.vote,
      }));
    expect(await view(other, imported.conversation.id)).toEqual(await view(caller, conversationId));
    expect(await other.conversations.shares()).toEqual([]);
    // Again: nothing new.
    expect(await other.conversations.import({ ndjson: file })).toMatchObject({ status: 'existing', storedMessages: 0 });
  });

  it('imports a version 2 file as one branch; refuses a parent outside the file and a loop, storing nothing', async () => {
    const { caller } = await userWith();
    const conversationId = randomUUID();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const line = (id: string, index: number, extra: object = {}) =>
      JSON.stringify({
        type: 'message',
        id,
        conversationId,
        role: index % 2 === 0 ? 'user' : 'assistant',
        content: `message ${index + 1}`,
        clientId: null,
        parts: null,
        incomplete: false,
        createdAt: new Date(Date.parse('2026-01-01T00:00:00Z') + index * 1_000).toISOString(),
        ...extra,
      });
    const head = JSON.stringify({
      type: 'conversation',
      id: conversationId,
      title: 'Old',
      archived: false,
      pinned: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const v2 = [head, ...ids.map((id, index) => line(id, index))].join('\n');
    const imported = await caller.conversations.import({ ndjson: v2 });
    const { items } = await caller.messages.list({ conversationId: imported.conversation.id });
    expect(items.map((message) => message.content)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(items.map((message) => message.parentId)).toEqual([null, items[0]?.id, items[1]?.id]);

    const conversationOf = (id: string) => head.replace(conversationId, id);
    const elsewhere = randomUUID();
    const outside = [
      conversationOf(elsewhere),
      line(ids[0] as string, 0, { parentId: randomUUID(), conversationId: elsewhere }),
    ];
    const fresh = randomUUID();
    const loop = [
      head.replace(conversationId, fresh),
      line(ids[0] as string, 0, { parentId: ids[1], conversationId: fresh }),
      line(ids[1] as string, 1, { parentId: ids[0], conversationId: fresh }),
    ];
    for (const file of [outside, loop]) {
      const refused = await expectErrorCode(caller.conversations.import({ ndjson: file.join('\n') }), 'BAD_REQUEST');
      expect(refused.message).toMatch(/^Line \d+: its parent/);
    }
    expect((await caller.conversations.list()).items).toHaveLength(1);
  });
});
