import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { purgeExpiredTrash } from '../src/index.ts';
import { type Caller, useApi, walkPages } from './harness.ts';

const api = useApi();

/** `count` conversations with one message each, the last one the most recently active. */
async function conversations(caller: Caller, count: number) {
  const made = [];
  for (let i = 0; i < count; i++) {
    const conversation = await caller.conversations.create({ title: `c${i}` });
    await caller.messages.append({ conversationId: conversation.id, content: `message ${i}` });
    made.push(conversation.id);
  }
  return made;
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('archive and pin', () => {
  it('lists pinned conversations first, then by activity; archived ones only in the archived list', async () => {
    const { caller } = await api.newUser();
    const [a, b, c, d, e] = (await conversations(caller, 5)) as string[];
    await caller.conversations.pin({ id: b as string });
    await caller.conversations.pin({ id: d as string });
    await caller.conversations.archive({ id: c as string });
    const archivedPinned = await caller.conversations.pin({ id: c as string });
    expect(archivedPinned).toMatchObject({ id: c, archived: true, pinned: true });

    expect(ids((await caller.conversations.list()).items)).toEqual([d, b, e, a]);
    expect(ids((await caller.conversations.list({ archived: true })).items)).toEqual([c]);

    await caller.conversations.unpin({ id: d as string });
    await caller.conversations.unarchive({ id: c as string });
    expect(ids((await caller.conversations.list()).items)).toEqual([c, b, e, d, a]);
    expect((await caller.conversations.list({ archived: true })).items).toEqual([]);
  });

  it('pages exactly across the pinned and the others, whatever the page size', async () => {
    const { caller } = await api.newUser();
    const made = await conversations(caller, 13);
    for (const index of [1, 4, 11]) await caller.conversations.pin({ id: made[index] as string });
    const whole = ids((await caller.conversations.list({ limit: 100 })).items);
    const newestFirst = [...made].reverse();
    const pinned = newestFirst.filter((id) => [1, 4, 11].some((i) => made[i] === id));
    expect(whole).toEqual([...pinned, ...newestFirst.filter((id) => !pinned.includes(id))]);
    for (const limit of [1, 2, 3, 5]) {
      const pages = await walkPages((cursor) => caller.conversations.list({ limit, ...(cursor ? { cursor } : {}) }));
      expect(pages.flat().map((item) => item.id)).toEqual(whole);
    }
  });

  it('refuses a cursor of the other list, and of another user', async () => {
    const { caller } = await api.newUser();
    await conversations(caller, 3);
    const { nextCursor } = await caller.conversations.list({ limit: 1 });
    await expectErrorCode(caller.conversations.list({ archived: true, cursor: nextCursor ?? '' }), 'BAD_REQUEST');
    const other = await api.newUser();
    // A cursor is a position, not a grant: another user's list from there is still their own.
    expect((await other.caller.conversations.list({ cursor: nextCursor ?? '' })).items).toEqual([]);
  });
});

describe('the trash', () => {
  it('hides a deleted conversation from everything but the trash, and restores it with its messages', async () => {
    const { caller } = await api.newUser();
    const [older, trashed] = (await conversations(caller, 2)) as [string, string];
    const { trashedAt, ...before } = await caller.conversations.get({ id: trashed });
    expect(trashedAt).toBeNull();
    expect(await caller.conversations.delete({ id: trashed })).toEqual({ id: trashed });

    expect(ids((await caller.conversations.list()).items)).toEqual([older]);
    await expectErrorCode(caller.conversations.get({ id: trashed }), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.rename({ id: trashed, title: 'x' }), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.pin({ id: trashed }), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.delete({ id: trashed }), 'NOT_FOUND');
    await expectErrorCode(caller.messages.list({ conversationId: trashed }), 'NOT_FOUND');
    await expectErrorCode(caller.messages.append({ conversationId: trashed, content: 'hello?' }), 'NOT_FOUND');
    await expectErrorCode(caller.messages.onMessage({ conversationId: trashed }), 'NOT_FOUND');
    await expectErrorCode(
      caller.chat.send({ conversationId: trashed, content: 'list', clientId: randomUUID() }),
      'NOT_FOUND',
    );

    const { items } = await caller.conversations.trash();
    expect(items).toEqual([{ ...before, deletedAt: expect.any(Date) }]);
    await expectErrorCode(caller.conversations.restore({ id: older }), 'NOT_FOUND');
    expect(await caller.conversations.restore({ id: trashed })).toEqual(before);
    expect(ids((await caller.conversations.list()).items)).toEqual([trashed, older]);
    expect((await caller.messages.list({ conversationId: trashed })).items.map((m) => m.content)).toEqual([
      'message 1',
    ]);
    expect((await caller.conversations.trash()).items).toEqual([]);
  });

  it('shows one in the trash to conversations.get when asked, with when it went there, and leaves it there', async () => {
    const { caller } = await api.newUser();
    const [kept, trashed] = (await conversations(caller, 2)) as [string, string];
    const before = await caller.conversations.get({ id: trashed, includeTrashed: true });
    expect(before.trashedAt).toBeNull();
    expect(await caller.conversations.get({ id: kept, includeTrashed: true })).toEqual(
      await caller.conversations.get({ id: kept }),
    );

    await caller.conversations.delete({ id: trashed });
    const [listed] = (await caller.conversations.trash()).items;
    const inTrash = await caller.conversations.get({ id: trashed, includeTrashed: true });
    expect(inTrash.trashedAt).toBeInstanceOf(Date);
    expect(inTrash).toEqual({ ...before, trashedAt: listed?.deletedAt });
    await expectErrorCode(caller.conversations.get({ id: trashed }), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.get({ id: trashed, includeTrashed: false }), 'NOT_FOUND');
    await expectErrorCode(caller.conversations.get({ id: randomUUID(), includeTrashed: true }), 'NOT_FOUND');
    // Looking is not restoring: everything else still takes it for a missing one.
    expect(ids((await caller.conversations.list()).items)).toEqual([kept]);
    await expectErrorCode(caller.messages.list({ conversationId: trashed }), 'NOT_FOUND');

    await caller.conversations.restore({ id: trashed });
    expect(await caller.conversations.get({ id: trashed, includeTrashed: true })).toEqual(before);
  });

  it('purges one for good from the trash only; its messages go with it', async () => {
    const { caller, userId } = await api.newUser();
    const [kept, purged] = (await conversations(caller, 2)) as [string, string];
    await expectErrorCode(caller.conversations.purge({ id: purged }), 'NOT_FOUND');
    await caller.conversations.delete({ id: purged });
    expect(await caller.conversations.purge({ id: purged })).toEqual({ id: purged });
    await expectErrorCode(caller.conversations.restore({ id: purged }), 'NOT_FOUND');
    const rows = await api.db.orm.em
      .getConnection()
      .execute<{ conversation_id: string }[]>('select conversation_id from messages where user_id = ?', [userId]);
    expect(rows.map((row) => row.conversation_id)).toEqual([kept]);
  });

  it('replays no turn of a conversation in the trash', async () => {
    const { caller } = await api.newUser();
    const clientId = randomUUID();
    let conversationId = '';
    for await (const event of await caller.chat.send({ content: 'list', clientId })) {
      if (event.type === 'user-message') conversationId = event.conversationId;
    }
    await caller.conversations.delete({ id: conversationId });
    await expectErrorCode(caller.chat.send({ content: 'list', clientId }), 'NOT_FOUND');
  });

  it("never lets another user see, restore or purge one's trash, even asking for the trash", async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const [hers] = (await conversations(alice.caller, 1)) as [string];
    await alice.caller.conversations.delete({ id: hers });
    expect((await bob.caller.conversations.trash()).items).toEqual([]);
    const missing = await expectErrorCode(bob.caller.conversations.restore({ id: randomUUID() }), 'NOT_FOUND');
    // Each call made only when awaited: one made early would reject unheard while the other runs.
    for (const attempt of [
      () => bob.caller.conversations.get({ id: hers, includeTrashed: true }),
      () => bob.caller.conversations.restore({ id: hers }),
      () => bob.caller.conversations.purge({ id: hers }),
    ]) {
      expect((await expectErrorCode(attempt(), 'NOT_FOUND')).message).toBe(missing.message);
    }
    expect(ids((await alice.caller.conversations.trash()).items)).toEqual([hers]);
  });

  it('is purged after the retention period, in batches, once even by two purgers at a time', async () => {
    const { caller, userId } = await api.newUser();
    const made = await conversations(caller, 7);
    for (const id of made.slice(0, 6)) await caller.conversations.delete({ id });
    const connection = api.db.orm.em.getConnection();
    // Five have been in the trash for 31 days, one for a day; the seventh was never deleted.
    await connection.execute(`update conversations set deleted_at = now() - interval '31 days' where id in (?)`, [
      made.slice(0, 5),
    ]);
    await connection.execute(`update conversations set deleted_at = now() - interval '1 day' where id = ?`, [made[5]]);
    const retentionMs = 30 * 86_400_000;
    const [first, second] = await Promise.all([
      purgeExpiredTrash(api.deps.db, retentionMs, 2),
      purgeExpiredTrash(api.deps.db, retentionMs, 2),
    ]);
    expect((first as number) + (second as number)).toBe(5);
    const left = await connection.execute<{ id: string }[]>(
      'select id from conversations where user_id = ? order by id',
      [userId],
    );
    expect(left.map((row) => row.id)).toEqual([...made.slice(5)].sort());
    expect(await purgeExpiredTrash(api.deps.db, retentionMs)).toBe(0);
  });
});
