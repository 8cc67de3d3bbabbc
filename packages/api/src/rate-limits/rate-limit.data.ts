import { sql } from 'kysely';
import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';

/** At most `max` times per `windowMs`; a max of 0 means no limit. */
export interface RateLimit {
  windowMs: number;
  max: number;
}

/**
 * Counts one more use of `key` in each window (fixed windows, counted in PostgreSQL so they hold
 * across server processes) and refuses with TOO_MANY_REQUESTS, counting nothing, when any window
 * is full; `retryAfterSeconds` says when the fullest window ends. Joins the caller's transaction.
 */
/**
 * The start of the window `now()` falls in, on the database's clock: every server process, whatever
 * its own clock says, counts into the same window.
 */
const windowStartSql = (windowMs: number) =>
  sql<string>`to_timestamp(floor(extract(epoch from now()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0)`;

export async function consumeRateLimit(db: Database, key: string, limits: RateLimit[], message: string): Promise<void> {
  const active = limits.filter((limit) => limit.max > 0);
  if (active.length === 0) return;
  await inTransaction(db, async (tx) => {
    for (const { windowMs, max } of active) {
      const windowKey = `${key}:${windowMs}`;
      const counted = await tx
        .insertInto('rate_limit_windows')
        .values({ key: windowKey, window_start: sql<Date>`${windowStartSql(windowMs)}`, count: 1 })
        .onConflict((conflict) =>
          conflict
            .columns(['key', 'window_start'])
            .doUpdateSet({ count: sql<number>`rate_limit_windows.count + 1` })
            .where('rate_limit_windows.count', '<', max),
        )
        .returning('count')
        .executeTakeFirst();
      if (!counted) {
        const { seconds } = await tx
          .selectNoFrom(
            sql<string>`ceil(extract(epoch from ${windowStartSql(windowMs)} + ${windowMs} * interval '1 millisecond' - now()))`.as(
              'seconds',
            ),
          )
          .executeTakeFirstOrThrow();
        throw new DomainError('TOO_MANY_REQUESTS', message, { retryAfterSeconds: Math.max(1, Number(seconds)) });
      }
      // Windows that ended no longer count: each key keeps only its current one.
      await tx
        .deleteFrom('rate_limit_windows')
        .where('key', '=', windowKey)
        .where('window_start', '<', windowStartSql(windowMs))
        .execute();
    }
  });
}

/** Drops every window counted for the user (keys name their user by id: `chat:<user id>:<window>`). */
export async function forgetRateLimitsOf(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('key', 'like', `%:${userId}:%`).execute();
}
