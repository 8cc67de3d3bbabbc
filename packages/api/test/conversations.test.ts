import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useApi, walkPages } from './harness.ts';

const api = useApi();

describe('conversations', () => {
  it('creates, gets, renames and deletes (to the trash, with its messages; purged, without)', async () => {
    const { caller } = await api.newUser();
    const untitled = await caller.conversations.create();
    expect(untitled).toEqual({
      id: expect.any(String),
      title: null,
      archived: false,
      pinned: false,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      leafId: null,
    });
    const named = await caller.conversations.create({ title: 'Trip' });
    expect(await caller.conversations.get({ id: named.id })).toEqual({ ...named, trashedAt: null });

    const renamed = await caller.conversations.rename({ id: named.id, title: 'Trip to Rome' });
    expect(renamed).toEqual({ ...named, title: 'Trip to Rome' });

    await caller.messages.append({ conversationId: named.id, role: 'user', content: 'hello' });
    expect(await caller.conversations.delete({ id: named.id })).toEqual({ id: named.id });
    await expectErrorCode(caller.conversations.get({ id: named.id }), 'NOT_FOUND');
    await expectErrorCode(caller.messages.list({ conversationId: named.id }), 'NOT_FOUND');
    const messagesOf = async () =>
      (
        await api.db.orm.em
          .getConnection()
          .execute<{ count: number }[]>('select count(*)::int as count from messages where conversation_id = ?', [
            named.id,
          ])
      )[0]?.count;
    expect(await messagesOf()).toBe(1);
    await caller.conversations.purge({ id: named.id });
    expect(await messagesOf()).toBe(0);
    expect((await caller.conversations.list()).items.map((c) => c.id)).toEqual([untitled.id]);
  });

  it('lists by most recent activity: a new message moves a conversation to the top, renaming does not', async () => {
    const { caller } = await api.newUser();
    const a = await caller.conversations.create({ title: 'a' });
    const b = await caller.conversations.create({ title: 'b' });
    const c = await caller.conversations.create({ title: 'c' });
    const ids = async () => (await caller.conversations.list()).items.map((x) => x.id);
    expect(await ids()).toEqual([c.id, b.id, a.id]);

    await caller.messages.append({ conversationId: a.id, role: 'user', content: 'bump' });
    expect(await ids()).toEqual([a.id, c.id, b.id]);
    await caller.conversations.rename({ id: b.id, title: 'renamed' });
    expect(await ids()).toEqual([a.id, c.id, b.id]);
  });

  it('walks 250 conversations, each exactly once and in order, while new ones arrive between pages', async () => {
    const { caller, userId } = await api.newUser();
    await api.db.orm.em.getConnection().execute(
      `insert into conversations (id, user_id, title, created_at, updated_at)
       select uuidv7(), ?, 'c' || g, now() - interval '1 day', now() - (g || ' seconds')::interval
       from generate_series(1, 250) g`,
      [userId],
    );
    const expected = (
      await api.db.orm.em
        .getConnection()
        .execute<{ id: string }[]>('select id from conversations where user_id = ? order by updated_at desc, id desc', [
          userId,
        ])
    ).map((r) => r.id);

    const pages = await walkPages(
      (cursor) => caller.conversations.list({ limit: 20, cursor }),
      async () => {
        await caller.conversations.create({ title: 'arrived while paging' });
      },
    );
    const seen = pages.flat().map((c) => c.id);
    expect(pages).toHaveLength(13);
    expect(seen).toEqual(expected);
  });

  it('keeps limits: title 255 accepted, 256 and blank refused; list limit 100 accepted, 101 refused', async () => {
    const { caller } = await api.newUser();
    const long = await caller.conversations.create({ title: '😀'.repeat(255) });
    await expectErrorCode(caller.conversations.create({ title: 'x'.repeat(256) }), 'BAD_REQUEST');
    await expectErrorCode(caller.conversations.rename({ id: long.id, title: ' ' }), 'BAD_REQUEST');
    await expectErrorCode(caller.conversations.rename({ id: long.id, title: 'x'.repeat(256) }), 'BAD_REQUEST');
    expect((await caller.conversations.list({ limit: 100 })).items).toHaveLength(1);
    await expectErrorCode(caller.conversations.list({ limit: 101 }), 'BAD_REQUEST');
  });
});
