import { expectErrorCode, oneBranchStatements } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { MESSAGE_PAGE_BYTES } from '../src/messages/list-messages.ts';
import { useApi, walkPages } from './harness.ts';

const api = useApi();

/** Concurrent writes share a millisecond: every row of these lists gets the same sort key. */
const SAME_INSTANT = new Date('2026-11-01T12:00:00.123Z');

async function rows(sql: string, params: unknown[]): Promise<string[]> {
  return (await api.db.orm.em.getConnection().execute<{ id: string }[]>(sql, params)).map((row) => row.id);
}

describe('keyset pages when many rows share one sort key (the id breaks the tie)', () => {
  it('tasks: each exactly once, in (created_at desc, id desc) order; the default page is 20', async () => {
    const { caller, userId } = await api.newUser();
    await api.db.orm.em.getConnection().execute(
      `insert into tasks (id, user_id, title, created_at, updated_at)
       select gen_random_uuid(), ?, 't' || g, ?, ? from generate_series(1, 45) g`,
      [userId, SAME_INSTANT, SAME_INSTANT],
    );
    const expected = await rows('select id from tasks where user_id = ? order by id desc', [userId]);
    expect((await caller.tasks.list()).items).toHaveLength(20);
    const pages = await walkPages((cursor) => caller.tasks.list({ limit: 20, cursor }));
    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    expect(pages.flat().map((task) => task.id)).toEqual(expected);
  });

  it('conversations: each exactly once, in (updated_at desc, id desc) order; the default page is 20', async () => {
    const { caller, userId } = await api.newUser();
    await api.db.orm.em.getConnection().execute(
      `insert into conversations (id, user_id, title, created_at, updated_at)
       select gen_random_uuid(), ?, 'c' || g, ?, ? from generate_series(1, 45) g`,
      [userId, SAME_INSTANT, SAME_INSTANT],
    );
    const expected = await rows('select id from conversations where user_id = ? order by id desc', [userId]);
    expect((await caller.conversations.list()).items).toHaveLength(20);
    const pages = await walkPages((cursor) => caller.conversations.list({ limit: 20, cursor }));
    expect(pages.flat().map((conversation) => conversation.id)).toEqual(expected);
  });

  it('messages: each exactly once in the conversation’s order (seq), oldest first within a page, pages going back; the default page is 50', async () => {
    const { caller, userId } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'ties' });
    await api.db.orm.em.getConnection().execute(
      `insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
       select gen_random_uuid(), ?, ?, 'user', 'm' || g, ?, g from generate_series(1, 65) g`,
      [conversation.id, userId, SAME_INSTANT],
    );
    for (const statement of oneBranchStatements(`c.id = '${conversation.id}'`)) {
      await api.db.orm.em.getConnection().execute(statement);
    }
    // Random ids and one shared time: only seq says which came first.
    const chronological = await rows('select id from messages where conversation_id = ? order by seq', [
      conversation.id,
    ]);
    const latest = await caller.messages.list({ conversationId: conversation.id });
    expect(latest.items.map((m) => m.id)).toEqual(chronological.slice(-50));
    const pages = await walkPages((cursor) =>
      caller.messages.list({ conversationId: conversation.id, limit: 20, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([20, 20, 20, 5]);
    expect(
      pages
        .reverse()
        .flat()
        .map((m) => m.id),
    ).toEqual(chronological);
  });

  it("refuses a cursor of one conversation's messages on another conversation", async () => {
    const { caller } = await api.newUser();
    const [a, b] = [
      await caller.conversations.create({ title: 'a' }),
      await caller.conversations.create({ title: 'b' }),
    ];
    for (const conversation of [a, b]) {
      for (let i = 0; i < 3; i++)
        await caller.messages.append({ conversationId: conversation.id, role: 'user', content: `${i}` });
    }
    const { nextCursor } = await caller.messages.list({ conversationId: a.id, limit: 1 });
    expect(nextCursor).not.toBeNull();
    const error = await expectErrorCode(
      caller.messages.list({ conversationId: b.id, cursor: nextCursor ?? undefined }),
      'BAD_REQUEST',
    );
    expect(error.message).toBe('Invalid cursor');
  });

  it('refuses a messages cursor that is no place in the conversation’s order (an old time-based one, a fraction, past int) as BAD_REQUEST', async () => {
    const { caller } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'cursors' });
    const { message } = await caller.messages.append({ conversationId: conversation.id, content: 'one' });
    const scope = `branch:${conversation.id}`;
    const { message: second } = await caller.messages.append({ conversationId: conversation.id, content: 'two' });
    const cursorOf = (key: unknown) => Buffer.from(JSON.stringify([scope, [key], second.id])).toString('base64url');
    for (const key of [message.createdAt.toISOString(), 1.5, 2 ** 31, true]) {
      const error = await expectErrorCode(
        caller.messages.list({ conversationId: conversation.id, cursor: cursorOf(key) }),
        'BAD_REQUEST',
      );
      expect(error.message).toBe('Invalid cursor');
    }
    expect((await caller.messages.list({ conversationId: conversation.id, cursor: cursorOf(2) })).items).toMatchObject([
      message,
    ]);
  });
});

describe('a page of messages within its byte budget (MESSAGE_PAGE_BYTES)', () => {
  it('ends early, counting UTF-8 bytes, and nextCursor leads on to every message once', async () => {
    const { caller, userId } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'long' });
    // 30 messages of 10,000 two-byte characters: 13 fit in 256 KiB (26 would, counted in characters).
    await api.db.orm.em.getConnection().execute(
      `insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
       select gen_random_uuid(), ?, ?, 'user', repeat('é', 10000), ?, g from generate_series(1, 30) g`,
      [conversation.id, userId, SAME_INSTANT],
    );
    for (const statement of oneBranchStatements(`c.id = '${conversation.id}'`)) {
      await api.db.orm.em.getConnection().execute(statement);
    }
    expect(Math.floor(MESSAGE_PAGE_BYTES / 20_000)).toBe(13);
    const pages = await walkPages((cursor) =>
      caller.messages.list({ conversationId: conversation.id, limit: 200, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([13, 13, 4]);
    const inOrder = await rows('select id from messages where conversation_id = ? order by seq', [conversation.id]);
    expect(
      pages
        .reverse()
        .flat()
        .map((m) => m.id),
    ).toEqual(inOrder);
  });

  it('counts the parts too, and holds at least one message however large', async () => {
    const { caller, userId } = await api.newUser();
    const conversation = await caller.conversations.create({ title: 'parts' });
    const parts = JSON.stringify([
      { type: 'tool-result', toolCallId: 'c', toolName: 'list_tasks', output: 'y'.repeat(300_000) },
    ]);
    await api.db.orm.em.getConnection().execute(
      `insert into messages (id, conversation_id, user_id, role, content, parts, created_at, seq)
       select gen_random_uuid(), ?, ?, 'assistant', 'short', ?::jsonb, ?, g from generate_series(1, 3) g`,
      [conversation.id, userId, parts, SAME_INSTANT],
    );
    for (const statement of oneBranchStatements(`c.id = '${conversation.id}'`)) {
      await api.db.orm.em.getConnection().execute(statement);
    }
    const pages = await walkPages((cursor) =>
      caller.messages.list({ conversationId: conversation.id, limit: 200, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
  });
});
