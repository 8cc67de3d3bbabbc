import { expectErrorCode, TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { createCaller, defaultAccountSettings } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

describe('auth', () => {
  it('signs up, reads me, signs out; the session no longer works afterwards', async () => {
    const { user, token } = await api.anonymous().auth.signUp({ email: 'Ada@Example.com', password, name: 'Ada' });
    expect(user).toEqual({
      id: expect.any(String),
      email: 'ada@example.com',
      name: 'Ada',
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await api.as(token).auth.me();
    expect(me).toEqual(user);

    expect(await api.as(token).auth.signOut()).toEqual({ signedOut: true });
    await expectErrorCode(api.as(token).auth.me(), 'UNAUTHORIZED');
  });

  it('signs in with any case of the email and gets a new, independent session', async () => {
    const { email, token: first } = await api.newUser('signin');
    const { user, token } = await api.anonymous().auth.signIn({ email: email.toUpperCase(), password });
    expect(user.email).toBe(email);
    expect(token).not.toBe(first);
    await api.as(token).auth.signOut();
    expect((await api.as(first).auth.me()).email).toBe(email);
  });

  it('stores an argon2id hash and only the SHA-256 of the token', async () => {
    const { token, userId } = await api.newUser('storage');
    const connection = api.db.orm.em.getConnection();
    const [user] = await connection.execute<{ password_hash: string }[]>(
      'select password_hash from users where id = ?',
      [userId],
    );
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await connection.execute<{ token_hash: string }[]>(
      'select token_hash from sessions where user_id = ?',
      [userId],
    );
    const expected = (await import('node:crypto')).createHash('sha256').update(token).digest('hex');
    expect(sessions.map((s) => s.token_hash)).toEqual([expected]);
  });

  it('refuses a taken email, in any case, with CONFLICT', async () => {
    const { email } = await api.newUser('taken');
    const taken = await expectErrorCode(
      api.anonymous().auth.signUp({ email: email.toUpperCase(), password }),
      'CONFLICT',
    );
    expect(taken.message).toBe('An account with this email already exists');
  });

  it('gives the same UNAUTHORIZED for an unknown email and a wrong password', async () => {
    const { email } = await api.newUser('wrong');
    const unknown = await expectErrorCode(
      api.anonymous().auth.signIn({ email: 'nobody@example.com', password }),
      'UNAUTHORIZED',
    );
    const wrong = await expectErrorCode(
      api.anonymous().auth.signIn({ email, password: 'not the password' }),
      'UNAUTHORIZED',
    );
    expect(unknown.message).toBe(wrong.message);
    expect(wrong.message).toBe('Invalid email or password');
  });

  it('refuses protected procedures without a token, with a malformed, an unknown and an expired token', async () => {
    await expectErrorCode(api.anonymous().auth.me(), 'UNAUTHORIZED');
    await expectErrorCode(api.as('not a token!').auth.me(), 'UNAUTHORIZED');
    await expectErrorCode(api.as('A'.repeat(43)).auth.me(), 'UNAUTHORIZED');

    const { token, userId } = await api.newUser('expired');
    await api.db.orm.em
      .getConnection()
      .execute(
        `update sessions set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where user_id = ?`,
        [userId],
      );
    await expectErrorCode(api.as(token).tasks.list(), 'UNAUTHORIZED');
  });

  it('makes sessions expire after the configured time', async () => {
    const shortLived = createCaller({ ...api.deps, accounts: defaultAccountSettings({ sessionTtlMs: 60_000 }) });
    const before = Date.now();
    const { user } = await shortLived.auth.signUp({ email: 'ttl@example.com', password });
    const [session] = await api.db.orm.em
      .getConnection()
      .execute<{ expires_at: Date }[]>('select expires_at from sessions where user_id = ?', [user.id]);
    const expiresIn = new Date(session?.expires_at as Date).getTime() - before;
    expect(expiresIn).toBeGreaterThanOrEqual(59_000);
    expect(expiresIn).toBeLessThanOrEqual(61_000);
  });

  it('keeps password and email limits: 8 and 128 characters accepted, 7 and 129 refused; 254-character email', async () => {
    const caller = api.anonymous();
    await caller.auth.signUp({ email: 'p8@example.com', password: 'p'.repeat(8) });
    await caller.auth.signUp({ email: 'p128@example.com', password: 'p'.repeat(128) });
    await expectErrorCode(caller.auth.signUp({ email: 'p7@example.com', password: 'p'.repeat(7) }), 'BAD_REQUEST');
    await expectErrorCode(caller.auth.signUp({ email: 'p129@example.com', password: 'p'.repeat(129) }), 'BAD_REQUEST');
    await expectErrorCode(
      caller.auth.signIn({ email: 'p128@example.com', password: 'p'.repeat(100_000) }),
      'BAD_REQUEST',
    );

    const longest = `${'e'.repeat(242)}@example.com`;
    await caller.auth.signUp({ email: longest, password });
    await expectErrorCode(caller.auth.signUp({ email: `e${longest}`, password }), 'BAD_REQUEST');
    await expectErrorCode(caller.auth.signUp({ email: 'not-an-email', password }), 'BAD_REQUEST');
    await expectErrorCode(
      caller.auth.signUp({ email: 'a@example.com', password, name: 'n'.repeat(101) }),
      'BAD_REQUEST',
    );
  });
});
