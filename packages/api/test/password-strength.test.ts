import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD as password, waitForFreshRateWindow } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { passwordWeakness } from '../src/auth/password-strength.ts';
import { DomainError } from '../src/errors.ts';
import { createCaller, defaultAccountSettings } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

/** Passwords an attacker tries first: common ones, keyboard runs, repeats. */
const COMMON = ['password', 'password1', '12345678', 'qwertyuiop', 'iloveyou', 'P@ssw0rd', 'a'.repeat(40)];
const STRONG = [password, 'correct horse battery staple', 'Tq7!vR2#'];

const newEmail = (local: string = randomUUID()) => `${local}@example.com`;

const storedUsers = async (email: string) =>
  (
    await api.db.orm.em
      .getConnection()
      .execute<{ count: string }[]>('select count(*) from users where email = ?', [email.toLowerCase()])
  )[0]?.count;

/** A BAD_REQUEST on `field` (what clients get in `data.zodError`, `errors.test.ts`) that says why. */
async function expectTooEasy(call: Promise<unknown>, field: string): Promise<void> {
  const error = await expectErrorCode<TRPCError>(call, 'BAD_REQUEST');
  expect(error.message).toMatch(/^Too easy to guess: .+\. .+\.$/);
  expect(error.cause).toBeInstanceOf(DomainError);
  expect((error.cause as DomainError).field).toBe(field);
}

describe('the strength rule', () => {
  it('says why and what to do, in zxcvbn’s words or a plain one', async () => {
    const owner = { email: 'ada@example.com', name: null };
    expect(await passwordWeakness('password', owner)).toBe(
      'Too easy to guess: this is a heavily used password. Add more words that are less common.',
    );
    expect(await passwordWeakness('aaaaaaaaaaaa', owner)).toBe(
      'Too easy to guess: repeated characters like "aaa" are easy to guess. Add more words that are less common. Avoid repeated words and characters.',
    );
    // No warning of zxcvbn's own: a plain one.
    expect(await passwordWeakness('kettle42', owner)).toBe(
      'Too easy to guess: passwords like this one are among the first an attacker tries. Add more words that are less common.',
    );
    for (const strong of STRONG) expect(await passwordWeakness(strong, owner)).toBeNull();
  });

  it('counts the email, its local part and its words, and the name, as the first words tried', async () => {
    const owner = { email: 'ada.lovelace@example.com', name: 'Grace Hopper' };
    for (const guess of [
      'ada.lovelace@example.com',
      'ada.lovelace1815',
      'lovelace1815',
      'Grace Hopper',
      'Grace Hopper 1',
    ]) {
      expect(await passwordWeakness(guess, owner), guess).toMatch(/^Too easy to guess/);
    }
    // The same passwords are fine for someone else.
    const someoneElse = { email: 'someone@example.com', name: null };
    expect(await passwordWeakness('ada.lovelace@example.com', someoneElse)).toBeNull();
    expect(await passwordWeakness('Grace Hopper', someoneElse)).toBeNull();
  });

  it('scores the first 32 characters: a weak start is refused however long, a strong one is enough', async () => {
    const owner = { email: 'ada@example.com', name: null };
    expect(await passwordWeakness(`${'a'.repeat(32)}${'Tq7!vR2#'.repeat(12)}`, owner)).toMatch(/^Too easy/);
    expect(await passwordWeakness(`correct horse battery staple ${'a'.repeat(99)}`, owner)).toBeNull();
  });
});

describe('auth.signUp refuses a password too easy to guess', () => {
  it('refuses common passwords and the email itself on `password`, and stores nothing', async () => {
    const caller = api.anonymous();
    const email = newEmail('margaret.hamilton');
    for (const common of [...COMMON, email, 'margaret.hamilton1936']) {
      await expectTooEasy(caller.auth.signUp({ email, password: common }), 'password');
      expect(await storedUsers(email), common).toBe('0');
    }
    await expectTooEasy(
      caller.auth.signUp({ email: newEmail(), password: 'Katherine Johnson', name: 'Katherine Johnson' }),
      'password',
    );
    for (const strong of STRONG) {
      const own = newEmail();
      expect((await caller.auth.signUp({ email: own, password: strong })).user.email).toBe(own);
    }
  });

  it('counts a refused password against no sign-up limit, and holds no refusal', async () => {
    const accounts = defaultAccountSettings({ signUpsPerHour: 1, refusalDelayMs: 60_000 });
    await waitForFreshRateWindow(3_600_000);
    const caller = createCaller({ ...api.deps, accounts }, { clientAddress: '198.51.100.29' });
    for (const common of COMMON)
      await expectTooEasy(caller.auth.signUp({ email: newEmail(), password: common }), 'password');
    await caller.auth.signUp({ email: newEmail(), password });
    await expectErrorCode(caller.auth.signUp({ email: newEmail(), password: 'password' }), 'BAD_REQUEST');
  });
});

describe('auth.changePassword refuses a new password too easy to guess', () => {
  it('refuses on `newPassword` before checking the current one, and changes nothing', async () => {
    const { caller, email } = await api.newUser('grace');
    const other = await api.anonymous().auth.signIn({ email, password });
    for (const common of [...COMMON, email, email.split('@')[0] ?? '']) {
      await expectTooEasy(
        caller.auth.changePassword({ currentPassword: password, newPassword: common }),
        'newPassword',
      );
      // A wrong current password is never checked: the throttle counts nothing.
      await expectTooEasy(
        caller.auth.changePassword({ currentPassword: 'not it at all', newPassword: common }),
        'newPassword',
      );
    }
    expect((await api.as(other.token).auth.me()).email).toBe(email);
    expect((await api.anonymous().auth.signIn({ email, password })).user.email).toBe(email);

    const newPassword = 'correct horse battery staple';
    expect(await caller.auth.changePassword({ currentPassword: password, newPassword })).toEqual({
      revokedSessions: 2,
    });
    expect((await api.anonymous().auth.signIn({ email, password: newPassword })).user.email).toBe(email);
  });
});
