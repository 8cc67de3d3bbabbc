import type { ExpressionBuilder } from 'kysely';
import { epochOf, oneMillisecond } from '../clock.data.ts';
import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';

/** At most `max` times per `windowMs`; a max of 0 means no limit. */
export interface RateLimit {
  windowMs: number;
  max: number;
}

/**
 * The start of the window `now()` falls in, on the database's clock: every server process, whatever
 * its own clock says, counts into the same window.
 */
const windowStart = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, windowMs: number) => {
  // extract gives a numeric, so every step is numeric: no integer division.
  const nowMs = eb(epochOf(eb.fn('now')), '*', eb.lit(1000));
  const windows = eb.fn<number>('floor', [eb(nowMs, '/', eb.val(windowMs))]);
  return eb.fn<string>('to_timestamp', [eb(eb(windows, '*', eb.val(windowMs)), '/', eb.lit(1000))]);
};

/**
 * Counts one more use of `key` in each window (fixed windows, counted in PostgreSQL so they hold
 * across server processes) and refuses with TOO_MANY_REQUESTS, counting nothing, when any window
 * is full; `retryAfterSeconds` says when the fullest window ends. Joins the caller's transaction.
 */
export async function consumeRateLimit(db: Database, key: string, limits: RateLimit[], message: string): Promise<void> {
  const active = limits.filter((limit) => limit.max > 0);
  if (active.length === 0) return;
  await inTransaction(db, async (tx) => {
    for (const { windowMs, max } of active) {
      const windowKey = `${key}:${windowMs}`;
      const counted = await tx
        .insertInto('rate_limit_windows')
        .values((eb) => ({ key: windowKey, window_start: windowStart(eb, windowMs).$castTo<Date>(), count: 1 }))
        .onConflict((conflict) =>
          conflict
            .columns(['key', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('rate_limit_windows.count', '+', eb.lit(1)) }))
            .where('rate_limit_windows.count', '<', max),
        )
        .returning('count')
        .executeTakeFirst();
      if (!counted) {
        const { seconds } = await tx
          .selectNoFrom((eb) => {
            const start = windowStart(eb, windowMs).$castTo<unknown>();
            const windowEnd = eb(start, '+', eb(eb.val(windowMs), '*', oneMillisecond(eb)));
            return eb.fn<string>('ceil', [epochOf(eb(windowEnd, '-', eb.fn('now')))]).as('seconds');
          })
          .executeTakeFirstOrThrow();
        throw new DomainError('TOO_MANY_REQUESTS', message, { retryAfterSeconds: Math.max(1, Number(seconds)) });
      }
      // Windows that ended no longer count: each key keeps only its current one.
      await tx
        .deleteFrom('rate_limit_windows')
        .where('key', '=', windowKey)
        .where((eb) => eb('window_start', '<', windowStart(eb, windowMs)))
        .execute();
    }
  });
}

/** Drops every window counted for the user (keys name their user by id: `chat:<user id>:<window>`). */
export async function forgetRateLimitsOf(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('key', 'like', `%:${userId}:%`).execute();
}
