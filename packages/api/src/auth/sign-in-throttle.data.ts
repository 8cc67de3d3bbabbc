import { createHash } from 'node:crypto';
import type { Expression, ExpressionBuilder } from 'kysely';
import { epochOf, msAgo, oneMillisecond } from '../clock.data.ts';
import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { addressKey } from './client-address.ts';

/**
 * How password attempts are throttled. Exponential backoff: an account (or client address) may
 * get `free` passwords wrong; the attempt that reaches it locks further ones for `firstLockMs`,
 * and each attempt after a lock ends doubles the lock, up to `maxLockMs`. A correct password
 * forgives the account's failures; an hour without attempts forgets a key's.
 */
export interface SignInThrottlePolicy {
  freeFailuresPerAccount: number;
  freeFailuresPerAddress: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const FORGET_AFTER_MS = 60 * 60_000;

/** One throttled key and how many failures it is allowed before a lock. */
interface ThrottleKey {
  key: string;
  free: number;
}

/** Who an attempt counts against: the email (known or not, so the throttle tells nothing) and the address. */
export function throttleKeys(policy: SignInThrottlePolicy, email: string, address: string | null): ThrottleKey[] {
  const account = createHash('sha256').update(email.toLowerCase()).digest('hex');
  const keys = [{ key: `account:${account}`, free: policy.freeFailuresPerAccount }];
  // In-process callers (tests, scripts) have no address.
  if (address !== null) keys.push({ key: `address:${addressKey(address)}`, free: policy.freeFailuresPerAddress });
  return keys;
}

/** now() plus the lock earned by the `failures`-th attempt, or null below the free ones. */
const lockAfter = <DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  failures: Expression<number>,
  free: number,
  policy: SignInThrottlePolicy,
) => {
  // The exponent stops at 30: far past any maximum lock, and 2^n cannot overflow however long an attack lasts.
  const doublings = eb.fn<number>('least', [eb(failures, '-', free), eb.lit(30)]);
  const lockMs = eb.fn<number>('least', [
    eb.val(policy.maxLockMs),
    eb(eb.val(policy.firstLockMs), '*', eb.fn<number>('power', [eb.lit(2), doublings])),
  ]);
  return eb
    .case()
    .when(failures, '>=', free)
    .then(eb(eb.fn<unknown>('now'), '+', eb(lockMs, '*', oneMillisecond(eb))).$castTo<Date>())
    .end();
};

/** The throttle's refusals, told apart from other TOO_MANY_REQUESTS (hashing too busy) by the sign-in metrics. */
const throttleRefusals = new WeakSet<Error>();

const tooManyAttempts = (seconds: number) => {
  const refusal = new DomainError('TOO_MANY_REQUESTS', 'Too many sign-in attempts; try again later', {
    retryAfterSeconds: Math.max(1, seconds),
  });
  throttleRefusals.add(refusal);
  return refusal;
};

/** Whether `error` is the throttle's refusal of a locked account or address. */
export const isThrottleRefusal = (error: Error): boolean => throttleRefusals.has(error);

/** Seconds until the last lock on any of the keys ends, or null when none is locked. */
async function lockedFor(db: Database, keys: ThrottleKey[]): Promise<number | null> {
  const { seconds } = await db
    .selectFrom('sign_in_throttles')
    .select((eb) =>
      eb.fn<string | null>('ceil', [epochOf(eb(eb.fn.max('locked_until'), '-', eb.fn<string>('now')))]).as('seconds'),
    )
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .where((eb) => eb('locked_until', '>', eb.fn<string>('now')))
    .executeTakeFirstOrThrow();
  return seconds === null ? null : Number(seconds);
}

/**
 * Counts an attempt against every key before its password is checked, so parallel attempts cannot
 * all slip in before the first failure is recorded; a correct password takes it back. While any
 * key is locked the attempt is refused, counting nothing, with the time until the lock ends.
 */
export async function countAttempt(db: Database, keys: ThrottleKey[], policy: SignInThrottlePolicy): Promise<void> {
  // A flood meets a lock: refused by a plain read, not by queueing on the key's row lock.
  const locked = await lockedFor(db, keys);
  if (locked !== null) throw tooManyAttempts(locked);
  await inTransaction(db, async (tx) => {
    for (const { key, free } of keys) {
      const counted = await tx
        .insertInto('sign_in_throttles')
        .values((eb) => ({
          key,
          failures: 1,
          locked_until: lockAfter(eb, eb.lit(1), free, policy),
          updated_at: eb.fn<Date>('now'),
        }))
        .onConflict((conflict) =>
          conflict
            .column('key')
            .doUpdateSet((eb) => {
              // A key quiet for the forgetting time starts over.
              const failures = eb
                .case()
                .when('sign_in_throttles.updated_at', '<', msAgo(eb, FORGET_AFTER_MS).$castTo<Date>())
                .then(eb.lit(1))
                .else(eb('sign_in_throttles.failures', '+', eb.lit(1)))
                .end();
              return { failures, locked_until: lockAfter(eb, failures, free, policy), updated_at: eb.fn<Date>('now') };
            })
            .where((eb) =>
              eb.or([
                eb('sign_in_throttles.locked_until', 'is', null),
                eb('sign_in_throttles.locked_until', '<=', eb.fn<string>('now')),
              ]),
            ),
        )
        .returning('failures')
        .executeTakeFirst();
      // Locked by a racing attempt since the read above.
      if (!counted) throw tooManyAttempts((await lockedFor(tx, keys)) ?? 1);
    }
    await forgetQuietKeys(tx);
  });
}

/**
 * Takes an attempt back: from every key when it was never checked (the server was too busy), or
 * after a correct password, when the account's failures are forgiven outright (only its owner
 * knows the password) and the address gets back the one attempt (a known password proves nothing
 * about the other attempts from there).
 */
export async function takeBackAttempt(
  db: Database,
  keys: ThrottleKey[],
  outcome: 'unchecked' | 'correct-password',
): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const { key, free } of keys) {
      if (outcome === 'correct-password' && key.startsWith('account:')) {
        await tx.deleteFrom('sign_in_throttles').where('key', '=', key).execute();
        continue;
      }
      await tx
        .updateTable('sign_in_throttles')
        .set((eb) => {
          const failures = eb.fn<number>('greatest', [eb('sign_in_throttles.failures', '-', eb.lit(1)), eb.lit(0)]);
          const lockedUntil = eb.case().when(failures, '>=', free).then(eb.ref('locked_until')).end();
          return { failures, locked_until: lockedUntil.$castTo<Date | null>() };
        })
        .where('key', '=', key)
        .execute();
    }
  });
}

/** Keys quiet for the forgetting time go, a batch at a time, so the table holds only recent attempts. */
async function forgetQuietKeys(db: Database): Promise<void> {
  const quiet = db
    .selectFrom('sign_in_throttles')
    .select('key')
    .where((eb) => eb('updated_at', '<', msAgo(eb, FORGET_AFTER_MS)))
    .limit(100)
    .forUpdate()
    .skipLocked();
  await db.deleteFrom('sign_in_throttles').where('key', 'in', quiet).execute();
}
