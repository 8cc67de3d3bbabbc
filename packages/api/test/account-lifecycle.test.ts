import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { createCaller, defaultChatSettings } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';

const api = useApi();

const NEW_PASSWORD = 'another long passphrase';

/** A user signed in on three devices: `caller` is the first (the sign-up), then two sign-ins. */
async function userOnThreeDevices() {
  const { caller, email, userId, token } = await api.newUser('devices');
  const second = await api.anonymous().auth.signIn({ email, password });
  const third = await api.anonymous().auth.signIn({ email, password });
  return { caller, email, userId, tokens: [token, second.token, third.token] };
}

const stillWorks = async (token: string) =>
  api
    .as(token)
    .auth.me()
    .then(
      () => true,
      () => false,
    );

describe('sessions', () => {
  it('lists the unexpired sessions, newest first, marking the current one, in pages', async () => {
    const { caller, tokens } = await userOnThreeDevices();
    const { items, nextCursor } = await caller.auth.sessions();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(3);
    expect(items.map((session) => session.current)).toEqual([false, false, true]);
    for (const session of items) {
      expect(Object.keys(session).sort()).toEqual([
        'address',
        'createdAt',
        'current',
        'device',
        'expiresAt',
        'id',
        'lastSeenAt',
      ]);
      // In-process: no user agent, no address.
      expect(session).toMatchObject({ device: null, address: null });
      expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
    }
    const fromThird = await api.as(tokens[2] as string).auth.sessions({ limit: 2 });
    expect(fromThird.items.map((session) => session.current)).toEqual([true, false]);
    const rest = await api.as(tokens[2] as string).auth.sessions({ limit: 2, cursor: fromThird.nextCursor ?? '' });
    expect([...fromThird.items, ...rest.items].map((session) => session.id)).toEqual(items.map((s) => s.id));
    expect(rest.nextCursor).toBeNull();
  });

  it('names each session by the user agent it signed in with, and shows its address', async () => {
    const { caller, email } = await api.newUser('agents');
    const iPhone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const from = (userAgent: string, clientAddress: string) =>
      createCaller(api.deps, { userAgent, clientAddress }).auth.signIn({ email, password });
    await from(iPhone, '::ffff:198.51.100.4');
    await from(firefox, '2001:db8::7');
    await from('curl/8.5.0', '198.51.100.5');
    const { items } = await caller.auth.sessions();
    expect(items.map(({ device, address, current }) => ({ device, address, current }))).toEqual([
      { device: null, address: '198.51.100.5', current: false },
      { device: 'Firefox on Windows', address: '2001:db8::7', current: false },
      { device: 'Safari on iPhone', address: '198.51.100.4', current: false },
      { device: null, address: null, current: true },
    ]);
  });

  it('stores a 5,000-character user agent cut to 512 characters: the sign-in goes through', async () => {
    const { email, userId } = await api.newUser('long-agent');
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 ${'x'.repeat(5_000)}`;
    const { token } = await createCaller(api.deps, { userAgent }).auth.signIn({ email, password });
    const stored = await api.db.orm.em
      .getConnection()
      .execute<{ user_agent: string }[]>(
        'select user_agent from sessions where user_id = ? and user_agent is not null',
        [userId],
      );
    expect(stored).toEqual([{ user_agent: userAgent.slice(0, 512) }]);
    const [current] = (await api.as(token).auth.sessions()).items;
    expect(current).toMatchObject({ current: true, device: 'Chrome on Linux' });
  });

  it('revokes one session: its token stops working, the others go on', async () => {
    const { caller, tokens } = await userOnThreeDevices();
    const [, second] = (await caller.auth.sessions()).items;
    expect(await caller.auth.revokeSession({ id: second?.id ?? '' })).toEqual({ id: second?.id });
    expect(await Promise.all(tokens.map(stillWorks))).toEqual([true, false, true]);
    await expectErrorCode(caller.auth.revokeSession({ id: second?.id ?? '' }), 'NOT_FOUND');
  });

  it("cannot revoke another user's session: NOT_FOUND, as for a missing one, and it goes on working", async () => {
    const alice = await api.newUser('alice');
    const bob = await api.newUser('bob');
    const [bobsSession] = (await bob.caller.auth.sessions()).items;
    const missing = await expectErrorCode(alice.caller.auth.revokeSession({ id: randomUUID() }), 'NOT_FOUND');
    const foreign = await expectErrorCode(alice.caller.auth.revokeSession({ id: bobsSession?.id ?? '' }), 'NOT_FOUND');
    expect(foreign.message).toBe(missing.message);
    expect(await stillWorks(bob.token)).toBe(true);
    expect((await alice.caller.auth.sessions()).items.map((session) => session.id)).not.toContain(bobsSession?.id);
  });

  it('signs out everywhere else', async () => {
    const { tokens } = await userOnThreeDevices();
    const fromSecond = api.as(tokens[1] as string);
    expect(await fromSecond.auth.signOutOthers()).toEqual({ revokedSessions: 2 });
    expect(await Promise.all(tokens.map(stillWorks))).toEqual([false, true, false]);
    expect((await fromSecond.auth.sessions()).items).toHaveLength(1);
  });

  it('drops a user’s expired sessions when they sign in again', async () => {
    const { email, userId } = await userOnThreeDevices();
    const connection = api.db.orm.em.getConnection();
    await connection.execute(
      `update sessions set created_at = now() - interval '2 days', expires_at = now() - interval '1 day' where user_id = ?`,
      [userId],
    );
    await api.anonymous().auth.signIn({ email, password });
    const [row] = await connection.execute<{ n: string }[]>('select count(*) as n from sessions where user_id = ?', [
      userId,
    ]);
    expect(Number(row?.n)).toBe(1);
  });
});

describe('changing the password', () => {
  it('needs the current password; then the new one signs in, the old one not, and the other sessions end', async () => {
    const { caller, email, tokens } = await userOnThreeDevices();
    const wrong = await expectErrorCode(
      caller.auth.changePassword({ currentPassword: 'not the password', newPassword: NEW_PASSWORD }),
      'FORBIDDEN',
    );
    expect(wrong.message).toBe('The password is not correct');
    expect(await Promise.all(tokens.map(stillWorks))).toEqual([true, true, true]);

    expect(await caller.auth.changePassword({ currentPassword: password, newPassword: NEW_PASSWORD })).toEqual({
      revokedSessions: 2,
    });
    expect(await Promise.all(tokens.map(stillWorks))).toEqual([true, false, false]);
    await expectErrorCode(api.anonymous().auth.signIn({ email, password }), 'UNAUTHORIZED');
    expect((await api.anonymous().auth.signIn({ email, password: NEW_PASSWORD })).user.email).toBe(email);
  });

  it('refuses a new password the rules refuse, changing nothing', async () => {
    const { caller, email } = await api.newUser('short');
    await expectErrorCode(
      caller.auth.changePassword({ currentPassword: password, newPassword: 'short' }),
      'BAD_REQUEST',
    );
    expect((await api.anonymous().auth.signIn({ email, password })).user.email).toBe(email);
  });
});

/** How many rows each table holds for the user (rate-limit windows by the id in their key). */
async function rowsOf(userId: string): Promise<Record<string, number>> {
  const connection = api.db.orm.em.getConnection();
  const count = async (sql: string, param: string) =>
    Number((await connection.execute<{ n: string }[]>(sql, [param]))[0]?.n);
  const counts: Record<string, number> = {
    users: await count('select count(*) as n from users where id = ?', userId),
    rate_limit_windows: await count('select count(*) as n from rate_limit_windows where key like ?', `%:${userId}:%`),
  };
  for (const table of ['sessions', 'tasks', 'conversations', 'messages', 'message_task_effects', 'chat_turns']) {
    counts[table] = await count(`select count(*) as n from ${table} where user_id = ?`, userId);
  }
  return counts;
}

/** A user who owns a row in every table: tasks, a conversation with a turn of the assistant, sessions, quota. */
async function userWithEverything(
  label: string,
): Promise<{ caller: Caller; userId: string; token: string; email: string }> {
  const user = await api.newUser(label);
  await api.anonymous().auth.signIn({ email: user.email, password });
  const withQuota = createCaller(
    { ...api.deps, chat: defaultChatSettings({ turnsPerMinute: 100 }) },
    { token: user.token },
  );
  await user.caller.tasks.create({ title: `${label}'s own task` });
  for await (const _ of await withQuota.chat.send({ content: 'add water the plants', clientId: randomUUID() })) {
    // Drained: the turn is stored when the stream ends.
  }
  const conversation = await user.caller.conversations.create({ title: 'notes' });
  await user.caller.messages.append({ conversationId: conversation.id, role: 'user', content: 'remember this' });
  return user;
}

describe('deleting the account', () => {
  it('needs the password, then removes every row the user owned and nothing of anyone else', async () => {
    const alice = await userWithEverything('alice');
    const bob = await userWithEverything('bob');
    const aliceBefore = await rowsOf(alice.userId);
    const bobBefore = await rowsOf(bob.userId);
    for (const [table, n] of Object.entries(aliceBefore)) expect(n, table).toBeGreaterThan(0);

    await expectErrorCode(alice.caller.auth.deleteAccount({ password: 'not the password' }), 'FORBIDDEN');
    expect(await rowsOf(alice.userId)).toEqual(aliceBefore);

    expect(await alice.caller.auth.deleteAccount({ password })).toEqual({ deleted: true });
    const aliceAfter = await rowsOf(alice.userId);
    expect(
      Object.values(aliceAfter).every((n) => n === 0),
      JSON.stringify(aliceAfter),
    ).toBe(true);
    expect(await rowsOf(bob.userId)).toEqual(bobBefore);

    await expectErrorCode(alice.caller.auth.me(), 'UNAUTHORIZED');
    await expectErrorCode(api.anonymous().auth.signIn({ email: alice.email, password }), 'UNAUTHORIZED');
    // The email is free again.
    await api.anonymous().auth.signUp({ email: alice.email, password });
    expect((await bob.caller.tasks.list()).items.map((task) => task.title)).toContain("bob's own task");
  });

  it('ends the user’s live streams at once', async () => {
    const { caller, token } = await api.newUser('streaming');
    const conversation = await caller.conversations.create({});
    const leave = new AbortController();
    const stream = await createCaller(api.deps, { token, signal: leave.signal }).messages.onMessage({
      conversationId: conversation.id,
    });
    // The session's closing aborts it, or the conversation's deletion ends it: both come from the one transaction.
    const ended = (async () => {
      try {
        for await (const event of stream) if (event.data.type !== 'conversation-deleted') return 'an event';
        return 'ended';
      } catch (error) {
        return (error as Error).name === 'AbortError' ? 'ended' : String(error);
      }
    })();
    await caller.auth.deleteAccount({ password });
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still open'), 5_000));
    expect(await Promise.race([ended, timeout])).toBe('ended');
    leave.abort();
  });
});
