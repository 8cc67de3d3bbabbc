import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { replacePasswordHash, setPasswordHash } from '../src/auth/users.data.ts';
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
      timeZone: 'UTC',
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
    const longest = 'correct horse battery staple, '.repeat(5).slice(0, 128);
    await caller.auth.signUp({ email: 'p8@example.com', password: 'Tq7!vR2#' });
    await caller.auth.signUp({ email: 'p128@example.com', password: longest });
    await expectErrorCode(caller.auth.signUp({ email: 'p7@example.com', password: 'Tq7!vR2' }), 'BAD_REQUEST');
    await expectErrorCode(caller.auth.signUp({ email: 'p129@example.com', password: `${longest}x` }), 'BAD_REQUEST');
    await expectErrorCode(
      caller.auth.signIn({ email: 'p128@example.com', password: 'p'.repeat(100_000) }),
      'BAD_REQUEST',
    );

    const longestEmail = `${'e'.repeat(242)}@example.com`;
    await caller.auth.signUp({ email: longestEmail, password });
    await expectErrorCode(caller.auth.signUp({ email: `e${longestEmail}`, password }), 'BAD_REQUEST');
    await expectErrorCode(caller.auth.signUp({ email: 'not-an-email', password }), 'BAD_REQUEST');
    await expectErrorCode(
      caller.auth.signUp({ email: 'a@example.com', password, name: 'n'.repeat(101) }),
      'BAD_REQUEST',
    );
  });
});

describe('password normalisation (NFKC)', () => {
  const NFC = 'caf\u00e9 au lait';
  const NFD = NFC.normalize('NFD');

  const newEmail = () => `${randomUUID()}@example.com`;
  const signIn = (email: string, secret: string) => api.anonymous().auth.signIn({ email, password: secret });
  const storedHash = async (email: string) =>
    (
      await api.db.orm.em
        .getConnection()
        .execute<{ password_hash: string }[]>('select password_hash from users where email = ?', [email])
    )[0]?.password_hash as string;

  /** A signed-up account whose hash was then made the way it was before normalisation: of the password as typed. */
  async function accountHashedAsTyped(typed: string) {
    const email = newEmail();
    const { user, token } = await api.anonymous().auth.signUp({ email, password });
    await setPasswordHash(api.deps.db, user.id, await api.deps.passwords.hash(typed));
    return { email, userId: user.id, token };
  }

  it('takes a password typed composed (NFC) or decomposed (NFD) as the same one, hashing its NFKC form', async () => {
    expect(NFD).not.toBe(NFC);
    const composed = newEmail();
    await api.anonymous().auth.signUp({ email: composed, password: NFC });
    expect((await signIn(composed, NFD)).user.email).toBe(composed);
    expect((await signIn(composed, NFC)).user.email).toBe(composed);

    const decomposed = newEmail();
    await api.anonymous().auth.signUp({ email: decomposed, password: NFD });
    expect((await signIn(decomposed, NFC)).user.email).toBe(decomposed);
    expect(await api.deps.passwords.verify(await storedHash(decomposed), NFC)).toBe(true);
    expect(await api.deps.passwords.verify(await storedHash(decomposed), NFD)).toBe(false);
  });

  it('takes compatibility forms as NFKC does: fullwidth "ａ ｌｏｎｇ ｐａｓｓｐｈｒａｓｅ" is "a long passphrase"', async () => {
    const fullwidth = 'ａ\u3000ｌｏｎｇ\u3000ｐａｓｓｐｈｒａｓｅ';
    expect(fullwidth.normalize('NFKC')).toBe(password);
    const email = newEmail();
    await api.anonymous().auth.signUp({ email, password: fullwidth });
    expect((await signIn(email, password)).user.email).toBe(email);
    expect((await signIn(email, fullwidth)).user.email).toBe(email);
    await expectErrorCode(signIn(email, `${fullwidth}!`), 'UNAUTHORIZED');
    // Its strength is the NFKC form's: fullwidth "ｐａｓｓｗｏｒｄ" is refused as "password" is.
    await expectErrorCode(
      api.anonymous().auth.signUp({ email: newEmail(), password: 'ｐａｓｓｗｏｒｄ' }),
      'BAD_REQUEST',
    );
  });

  it('still signs in with a hash made as typed, then rehashes it, so every form signs in', async () => {
    const { email } = await accountHashedAsTyped(NFD);
    const before = await storedHash(email);
    // Only the exact form it was typed in matches a hash made before normalisation.
    await expectErrorCode(signIn(email, NFC), 'UNAUTHORIZED');
    expect((await signIn(email, NFD)).user.email).toBe(email);
    const after = await storedHash(email);
    expect(after).not.toBe(before);
    expect(await api.deps.passwords.verify(after, NFC)).toBe(true);
    expect((await signIn(email, NFC)).user.email).toBe(email);
    expect((await signIn(email, NFD)).user.email).toBe(email);
    expect(await storedHash(email)).toBe(after);
  });

  it('accepts an old hash for the current password and for deleting the account', async () => {
    const { email, token } = await accountHashedAsTyped(NFD);
    expect(await api.as(token).auth.changePassword({ currentPassword: NFD, newPassword: 'ｎｅｗ passphrase' })).toEqual(
      {
        revokedSessions: 0,
      },
    );
    expect((await signIn(email, 'new passphrase')).user.email).toBe(email);

    const doomed = await accountHashedAsTyped(NFD);
    await expectErrorCode(api.as(doomed.token).auth.deleteAccount({ password: NFC }), 'FORBIDDEN');
    expect(await api.as(doomed.token).auth.deleteAccount({ password: NFD })).toEqual({ deleted: true });
  });

  it('bounds what is hashed: the NFKC form of a new password is 8–128 characters (400 past that)', async () => {
    // U+FDFA is one character that NFKC turns into 18.
    const ligature = '\uFDFA';
    expect(ligature.normalize('NFKC')).toHaveLength(18);
    const expanding = await expectErrorCode(
      api.anonymous().auth.signUp({ email: newEmail(), password: ligature.repeat(8) }),
      'BAD_REQUEST',
    );
    expect(expanding.message).toContain('Must be at most 128 characters once Unicode-normalised (NFKC)');
    const email = newEmail();
    await api.anonymous().auth.signUp({ email, password: ligature.repeat(7) }); // 126 once normalised
    expect((await signIn(email, ligature.repeat(7))).user.email).toBe(email);
    // Decomposing shrinks nothing NFKC hashes: 8 characters that NFKC makes 4 are too short.
    const short = 'e\u0301'.repeat(4);
    await expectErrorCode(api.anonymous().auth.signUp({ email: newEmail(), password: short }), 'BAD_REQUEST');

    // A 128-character password, typed decomposed (149 code points), is still the same one.
    const longest = 'crème brûlée, café au lait, pâté en croûte; '.repeat(4).slice(0, 128);
    const long = newEmail();
    await api.anonymous().auth.signUp({ email: long, password: longest });
    expect((await signIn(long, longest.normalize('NFD'))).user.email).toBe(long);
    await expectErrorCode(signIn(long, '\u00e9'.repeat(129)), 'BAD_REQUEST');
  });

  it('checks an old password whose NFKC form is past the bound only as typed, and keeps its hash', async () => {
    const typed = '\uFDFA'.repeat(8); // 8 as typed, 144 once normalised
    const { email } = await accountHashedAsTyped(typed);
    const before = await storedHash(email);
    expect((await signIn(email, typed)).user.email).toBe(email);
    // Rehashing would store a hash of a password no sign-in may check: it stays as it was.
    expect(await storedHash(email)).toBe(before);
    expect((await signIn(email, typed)).user.email).toBe(email);
    await expectErrorCode(signIn(email, '\uFDFB'.repeat(8)), 'UNAUTHORIZED');
  });

  it('rehashes only over the hash it checked: a password changed meanwhile stays changed', async () => {
    const { email, userId } = await accountHashedAsTyped(NFD);
    const checked = await storedHash(email);
    const changed = await api.deps.passwords.hash('changed meanwhile');
    await setPasswordHash(api.deps.db, userId, changed);
    await replacePasswordHash(api.deps.db, userId, { from: checked, to: await api.deps.passwords.hash(NFC) });
    expect(await storedHash(email)).toBe(changed);
  });
});
