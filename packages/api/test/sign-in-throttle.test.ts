import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD as password, waitForFreshRateWindow } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { type SignInThrottlePolicy, throttleKeys } from '../src/auth/sign-in-throttle.data.ts';
import { setPasswordHash } from '../src/auth/users.data.ts';
import { type AccountSettings, createCaller, defaultAccountSettings, PasswordHasher } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

const policy: SignInThrottlePolicy = {
  freeFailuresPerAccount: 3,
  freeFailuresPerAddress: 6,
  // Long enough that no test outruns a lock on a loaded machine; tests end locks themselves (locksRunOut).
  firstLockMs: 60_000,
  maxLockMs: 480_000,
};

/** The test policy; refusals are answered at once unless a test wants them held. */
const settings = (overrides: Partial<AccountSettings> = {}) =>
  defaultAccountSettings({ signInThrottle: policy, refusalDelayMs: 0, ...overrides });

/** A caller from `clientAddress` under the test settings. */
function from(clientAddress: string, accounts = settings()) {
  return createCaller({ ...api.deps, accounts }, { clientAddress });
}

const WRONG = 'not the password';

let addresses = 0;
/** A client address no other test uses. */
const newAddress = () => `198.51.100.${++addresses}`;

async function newAccount() {
  const email = `${randomUUID()}@example.com`;
  await api.anonymous().auth.signUp({ email, password });
  return email;
}

const retryAfter = (error: TRPCError) =>
  (error as unknown as { cause: { retryAfterSeconds: number } }).cause.retryAfterSeconds;

/** Lets every lock run out, as waiting would. */
async function locksRunOut() {
  await api.db.orm.em
    .getConnection()
    .execute('update sign_in_throttles set locked_until = now() where locked_until > now()');
}

/** What a series of sign-ins answered: `ok`, or the error's code with its retry-after. */
async function outcomes(attempts: (() => Promise<unknown>)[]): Promise<string[]> {
  const seen: string[] = [];
  for (const attempt of attempts) {
    seen.push(
      await attempt().then(
        () => 'ok',
        (error: TRPCError) => (error.code === 'TOO_MANY_REQUESTS' ? `429 after ${retryAfter(error)} s` : error.code),
      ),
    );
  }
  return seen;
}

describe('the sign-in throttle', () => {
  it('refuses the attempt after the free failures, the right password too, until the lock ends', async () => {
    const email = await newAccount();
    const caller = from(newAddress());
    const wrong = () => caller.auth.signIn({ email, password: WRONG });
    for (let i = 0; i < 3; i++) await expectErrorCode(wrong(), 'UNAUTHORIZED');
    const refused = await expectErrorCode<TRPCError>(wrong(), 'TOO_MANY_REQUESTS');
    expect(refused.message).toBe('Too many sign-in attempts; try again later');
    expect(retryAfter(refused)).toBe(60);
    // No oracle: the right password is refused the same way while the lock lasts.
    const rightButLocked = await expectErrorCode<TRPCError>(
      caller.auth.signIn({ email, password }),
      'TOO_MANY_REQUESTS',
    );
    expect(rightButLocked.message).toBe(refused.message);
    await locksRunOut();
    expect((await caller.auth.signIn({ email, password })).user.email).toBe(email);
  });

  it('doubles the lock with each failure after one ends, up to the maximum', async () => {
    const email = await newAccount();
    const caller = from(newAddress());
    const wrong = () => caller.auth.signIn({ email, password: WRONG });
    for (let i = 0; i < 3; i++) await expectErrorCode(wrong(), 'UNAUTHORIZED');
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      waits.push(retryAfter(await expectErrorCode<TRPCError>(wrong(), 'TOO_MANY_REQUESTS')));
      await locksRunOut();
      await expectErrorCode(wrong(), 'UNAUTHORIZED');
    }
    expect(waits).toEqual([60, 120, 240, 480, 480, 480]);
  });

  it('answers an unknown email exactly as a known one, failure for failure', async () => {
    const known = await newAccount();
    const unknown = `${randomUUID()}@example.com`;
    const series = (email: string) => {
      const caller = from(newAddress());
      const wrong = () => caller.auth.signIn({ email, password: WRONG });
      return outcomes([
        wrong,
        wrong,
        wrong,
        wrong,
        () => caller.auth.signIn({ email, password }),
        async () => locksRunOut(),
        wrong,
        wrong,
      ]);
    };
    const forKnown = await series(known);
    expect(forKnown).toEqual([
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      '429 after 60 s',
      '429 after 60 s',
      'ok',
      'UNAUTHORIZED',
      '429 after 120 s',
    ]);
    expect(await series(unknown)).toEqual(forKnown);
  });

  it('forgives an account its failures when the right password gets through', async () => {
    const email = await newAccount();
    const caller = from(newAddress());
    const wrong = () => caller.auth.signIn({ email, password: WRONG });
    for (let i = 0; i < 2; i++) await expectErrorCode(wrong(), 'UNAUTHORIZED');
    await caller.auth.signIn({ email, password });
    for (let i = 0; i < 3; i++) await expectErrorCode(wrong(), 'UNAUTHORIZED');
    await expectErrorCode(wrong(), 'TOO_MANY_REQUESTS');
  });

  it('counts against the account from every address, and against the address for every account', async () => {
    const email = await newAccount();
    for (let i = 0; i < 3; i++) {
      await expectErrorCode(from(newAddress()).auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    }
    await expectErrorCode(from(newAddress()).auth.signIn({ email, password }), 'TOO_MANY_REQUESTS');

    // One address trying many accounts: six failures, then every account is refused from there.
    const sprayer = from(newAddress());
    for (let i = 0; i < 6; i++) {
      await expectErrorCode(sprayer.auth.signIn({ email: `${randomUUID()}@example.com`, password }), 'UNAUTHORIZED');
    }
    const other = await newAccount();
    await expectErrorCode(sprayer.auth.signIn({ email: other, password }), 'TOO_MANY_REQUESTS');
    expect((await from(newAddress()).auth.signIn({ email: other, password })).user.email).toBe(other);
  });

  it('forgives a correct sign-in its account, never its address: spraying from there stays counted', async () => {
    // An attacker who owns one account signs into it between guesses at others from one address.
    const own = await newAccount();
    const victims = [await newAccount(), await newAccount(), await newAccount(), await newAccount()];
    const attacker = from(newAddress());
    const guess = (email: string) => attacker.auth.signIn({ email, password: WRONG });
    // Five of the address's six free failures, at most two per account (below the account's three).
    for (const email of [victims[0], victims[0], victims[1], victims[1], victims[2]]) {
      await expectErrorCode(guess(email as string), 'UNAUTHORIZED');
    }
    expect((await attacker.auth.signIn({ email: own, password })).user.email).toBe(own);
    // The correct sign-in took back only its own attempt: the sixth failure locks the address.
    await expectErrorCode(guess(victims[2] as string), 'UNAUTHORIZED');
    await expectErrorCode(guess(victims[3] as string), 'TOO_MANY_REQUESTS');
    await expectErrorCode(attacker.auth.signIn({ email: own, password }), 'TOO_MANY_REQUESTS');
  });

  it('takes back a correct password matched as typed (a hash made before normalisation) once, as any other', async () => {
    const email = `${randomUUID()}@example.com`;
    const { user } = await api.anonymous().auth.signUp({ email, password });
    const typed = 'caf\u0065\u0301 au lait'; // decomposed: its NFKC form differs
    await setPasswordHash(api.deps.db, user.id, await api.deps.passwords.hash(typed));
    const address = newAddress();
    const caller = from(address);
    for (let i = 0; i < 2; i++) await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    expect((await caller.auth.signIn({ email, password: typed })).user.email).toBe(email);
    const [account, byAddress] = throttleKeys(policy, email, address).map((k) => k.key);
    const failures = await api.db.orm.em
      .getConnection()
      .execute<{ key: string; failures: number }[]>('select key, failures from sign_in_throttles where key in (?, ?)', [
        account,
        byAddress,
      ]);
    // The account's failures are forgiven; the address keeps its two.
    expect(failures).toEqual([{ key: byAddress, failures: 2 }]);
    for (let i = 0; i < 3; i++) await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'TOO_MANY_REQUESTS');
  });

  it('takes an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    const spray = async (address: string) =>
      expectErrorCode(from(address).auth.signIn({ email: `${randomUUID()}@example.com`, password }), 'UNAUTHORIZED');
    for (let i = 1; i <= 6; i++) await spray(`2001:db8:aa:bb::${i}`);
    const email = await newAccount();
    await expectErrorCode(from('2001:db8:aa:bb:ffff::1').auth.signIn({ email, password }), 'TOO_MANY_REQUESTS');
    expect((await from('2001:db8:aa:bc::1').auth.signIn({ email, password })).user.email).toBe(email);

    for (let i = 0; i < 6; i++) await spray('::ffff:203.0.113.9');
    await expectErrorCode(from('203.0.113.9').auth.signIn({ email, password }), 'TOO_MANY_REQUESTS');
  });

  it('lets exactly the free attempts through when they race', async () => {
    const email = await newAccount();
    const caller = from(newAddress());
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => caller.auth.signIn({ email, password: WRONG })),
    );
    const codes = settled.map((result) => (result.status === 'rejected' ? (result.reason as TRPCError).code : 'ok'));
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(3);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(7);
  });

  it('forgets the failures of a key after an hour without attempts, and cleans such keys up', async () => {
    const email = await newAccount();
    const caller = from(newAddress());
    for (let i = 0; i < 3; i++) await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    await locksRunOut();
    await api.db.orm.em
      .getConnection()
      .execute(`update sign_in_throttles set updated_at = now() - interval '61 minutes'`);
    const stale = await api.db.orm.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from sign_in_throttles');
    expect(Number(stale[0]?.n)).toBeGreaterThan(0);
    // Counting starts over: three more failures before a lock.
    for (let i = 0; i < 3; i++) await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'TOO_MANY_REQUESTS');
    const left = await api.db.orm.em
      .getConnection()
      .execute<{ n: string }[]>(
        `select count(*) as n from sign_in_throttles where updated_at < now() - interval '1 hour'`,
      );
    expect(Number(left[0]?.n)).toBe(0);
  });

  it('holds a refusal for the refusal delay before answering it', async () => {
    const email = await newAccount();
    const caller = from(newAddress(), settings({ refusalDelayMs: 400 }));
    for (let i = 0; i < 3; i++) await expectErrorCode(caller.auth.signIn({ email, password: WRONG }), 'UNAUTHORIZED');
    const start = performance.now();
    await expectErrorCode(caller.auth.signIn({ email, password }), 'TOO_MANY_REQUESTS');
    expect(performance.now() - start).toBeGreaterThanOrEqual(400);
  });

  it('guards changing the password and deleting the account the same way', async () => {
    const { caller, email } = await api.newUser('guarded');
    const at = newAddress();
    const { token } = await from(at).auth.signIn({ email, password });
    const signedIn = createCaller({ ...api.deps, accounts: settings() }, { token, clientAddress: at });
    for (let i = 0; i < 2; i++) {
      await expectErrorCode(
        signedIn.auth.changePassword({ currentPassword: WRONG, newPassword: 'a new passphrase' }),
        'FORBIDDEN',
      );
    }
    await expectErrorCode(signedIn.auth.deleteAccount({ password: WRONG }), 'FORBIDDEN');
    await expectErrorCode(signedIn.auth.deleteAccount({ password }), 'TOO_MANY_REQUESTS');
    expect((await caller.auth.me()).email).toBe(email);
  });
});

describe('bounded hashing', () => {
  it('runs at most the configured hashes at once and refuses past the queue at once, counting nothing', async () => {
    const email = await newAccount();
    const hasher = new PasswordHasher({ concurrency: 1, queue: 2 });
    // A throttle that would never lock, so only the hasher refuses.
    const deps = {
      ...api.deps,
      passwords: hasher,
      accounts: settings({ signInThrottle: { ...policy, freeFailuresPerAccount: 100, freeFailuresPerAddress: 100 } }),
    };
    const caller = createCaller(deps, { clientAddress: newAddress() });
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, () => caller.auth.signIn({ email, password: WRONG })),
    );
    const refused = settled.flatMap((result) =>
      result.status === 'rejected' && (result.reason as TRPCError).code === 'TOO_MANY_REQUESTS'
        ? [result.reason as TRPCError]
        : [],
    );
    const checked = settled.filter(
      (result) => result.status === 'rejected' && (result.reason as TRPCError).code === 'UNAUTHORIZED',
    );
    // How many reach the hasher together depends on the throttle's statements before it: at least
    // the three it can hold get checked, and the burst outruns it (the exact bound is the next test's).
    expect(checked.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThan(0);
    expect(checked.length + refused.length).toBe(12);
    for (const error of refused) {
      expect(error.message).toBe('The server is busy; try again in a moment');
      expect(retryAfter(error)).toBe(1);
    }
    // Refused attempts were never checked, so they are taken back: only the checked ones count.
    const [row] = await api.db.orm.em
      .getConnection()
      .execute<{ failures: number }[]>(
        `select failures from sign_in_throttles where key = 'account:' || encode(sha256(convert_to(?, 'utf8')), 'hex')`,
        [email],
      );
    expect(row?.failures).toBe(checked.length);
  });

  it('never runs more hashes than its concurrency, and queues the rest in order', async () => {
    const hasher = new PasswordHasher({ concurrency: 2, queue: 3 });
    const hashes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => hasher.hash(`password ${i}`)));
    expect(hashes.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    const [first] = hashes;
    expect(first?.status === 'fulfilled' && (await hasher.verify(first.value, 'password 0'))).toBe(true);
    expect(first?.status === 'fulfilled' && (await hasher.verify(first.value, 'password 1'))).toBe(false);
    expect(await hasher.verify(undefined, 'password 0')).toBe(false);
  });
});

describe('the sign-up limit', () => {
  it('refuses an address past its sign-ups per hour; other addresses and in-process callers go on', async () => {
    const deps = { ...api.deps, accounts: settings({ signUpsPerHour: 2 }) };
    await waitForFreshRateWindow(3_600_000);
    const at = newAddress();
    const signUp = (clientAddress?: string) =>
      createCaller(deps, clientAddress ? { clientAddress } : {}).auth.signUp({
        email: `${randomUUID()}@example.com`,
        password,
      });
    await signUp(at);
    await signUp(at);
    const refused = await expectErrorCode<TRPCError>(signUp(at), 'TOO_MANY_REQUESTS');
    expect(refused.message).toBe('Too many new accounts from this address; try again later');
    expect(retryAfter(refused)).toBeGreaterThan(0);
    await signUp(newAddress());
    await signUp();
  });
});
