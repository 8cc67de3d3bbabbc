import type { ExpressionBuilder } from 'kysely';
import { epochOf } from '../clock.data.ts';
import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { secondsUntilRoom, type WindowCounts, windowCapacity } from './sliding-window.ts';

/** At most `max` times per `windowMs`; a max of 0 means no limit. */
export interface RateLimit {
  windowMs: number;
  max: number;
}

/** now() in milliseconds over `windowMs`: whole windows since the epoch, plus the fraction elapsed. */
const windowsSinceEpoch = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, windowMs: number) =>
  // extract gives a numeric, so every step is numeric: no integer division.
  eb(eb(epochOf(eb.fn('now')), '*', eb.lit(1000)), '/', eb.val(windowMs));

/**
 * The start of the window `now()` falls in (`back` windows earlier), on the database's clock:
 * every server process, whatever its own clock says, counts into the same window.
 */
const windowStart = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, windowMs: number, back = 0) => {
  // Kysely writes no parentheses of its own: parens() keeps the subtraction before the product.
  const windows = eb.parens(eb.fn<number>('floor', [windowsSinceEpoch(eb, windowMs)]), '-', eb.val(back));
  return eb.fn<string>('to_timestamp', [eb(eb(windows, '*', eb.val(windowMs)), '/', eb.lit(1000))]);
};

/** The counts of `windowKey`'s current and previous windows, and how far into the current one now() is. */
async function readWindows(tx: Database, windowKey: string, windowMs: number): Promise<WindowCounts> {
  const countIn = (back: number) =>
    tx
      .selectFrom('rate_limit_windows')
      .select('count')
      .where('key', '=', windowKey)
      .where((eb) => eb('window_start', '=', windowStart(eb, windowMs, back)));
  const row = await tx
    .selectNoFrom((eb) => [
      countIn(0).as('current'),
      countIn(1).as('previous'),
      eb(windowsSinceEpoch(eb, windowMs), '-', eb.fn<number>('floor', [windowsSinceEpoch(eb, windowMs)])).as('elapsed'),
    ])
    .executeTakeFirstOrThrow();
  return { current: row.current ?? 0, previous: row.previous ?? 0, elapsed: Number(row.elapsed) };
}

/**
 * Counts one more use of `key` in each limit's window and refuses with TOO_MANY_REQUESTS, counting
 * nothing, when any is full; `retryAfterSeconds` says when the last of them has room again.
 * Windows are sliding (the previous fixed window's count, weighted by how much of it the last
 * `windowMs` still covers, plus the current one's), so a burst across a window's end is refused
 * like one inside it; counted in PostgreSQL, they hold across server processes. Joins the
 * caller's transaction.
 */
export async function consumeRateLimit(db: Database, key: string, limits: RateLimit[], message: string): Promise<void> {
  const active = limits.filter((limit) => limit.max > 0);
  if (active.length === 0) return;
  await inTransaction(db, async (tx) => {
    for (const { windowMs, max } of active) {
      const windowKey = `${key}:${windowMs}`;
      const windows = await readWindows(tx, windowKey, windowMs);
      const capacity = windowCapacity(windows, max);
      // The row's own count is checked again as it is written: racing uses never pass the capacity.
      const counted =
        capacity > 0 &&
        (await tx
          .insertInto('rate_limit_windows')
          .values((eb) => ({ key: windowKey, window_start: windowStart(eb, windowMs).$castTo<Date>(), count: 1 }))
          .onConflict((conflict) =>
            conflict
              .columns(['key', 'window_start'])
              .doUpdateSet((eb) => ({ count: eb('rate_limit_windows.count', '+', eb.lit(1)) }))
              .where('rate_limit_windows.count', '<', capacity),
          )
          .returning('count')
          .executeTakeFirst());
      if (!counted) {
        const retryAfterSeconds = secondsUntilRoom(await readWindows(tx, windowKey, windowMs), max, windowMs);
        throw new DomainError('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
      }
      // Windows before the previous one no longer count: each key keeps only its last two.
      await tx
        .deleteFrom('rate_limit_windows')
        .where('key', '=', windowKey)
        .where((eb) => eb('window_start', '<', windowStart(eb, windowMs, 1)))
        .execute();
    }
  });
}

/** Drops every window counted for the user (keys name their user by id: `chat:<user id>:<window>`). */
export async function forgetRateLimitsOf(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('key', 'like', `%:${userId}:%`).execute();
}
