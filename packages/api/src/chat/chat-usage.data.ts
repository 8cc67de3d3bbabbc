import { epochOf, msAgo, oneMillisecond } from '../clock.data.ts';
import type { Database } from '../database.ts';

/**
 * What a user's chat turns used (`chat_turns`: model, tokens, latency), read through the index on
 * (user_id, created_at): every statement is scoped by the owner's id. A turn counts on the day,
 * and in the 24 hours, it started in.
 */

const DAY_MS = 86_400_000;

/** One local day's turns; latency is summed over the turns that recorded one (not those still running). */
export interface UsageDayRow {
  date: string;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMsSum: number;
  latencyCount: number;
}

/**
 * The user's turns started from `from` to `to` (dates, both included) in `timeZone`, by their local
 * day there, oldest day first; days without turns are absent. The days' bounds are the zone's
 * midnights, worked out by PostgreSQL with the same zone rules as the grouping.
 */
export async function selectUsageByDay(
  db: Database,
  userId: string,
  range: { timeZone: string; from: string; to: string },
): Promise<UsageDayRow[]> {
  const rows = await db
    .selectFrom('chat_turns')
    .select((eb) => [
      // timezone(zone, timestamptz) is `created_at at time zone zone`: the local date and time there.
      eb
        .fn<string>('to_char', [
          eb.fn('timezone', [eb.val(range.timeZone), eb.ref('created_at')]),
          eb.val('YYYY-MM-DD'),
        ])
        .as('date'),
      eb.fn.countAll().as('turns'),
      eb.fn.coalesce(eb.fn.sum('input_tokens'), eb.lit(0)).as('input_tokens'),
      eb.fn.coalesce(eb.fn.sum('output_tokens'), eb.lit(0)).as('output_tokens'),
      eb.fn.coalesce(eb.fn.sum('cached_input_tokens'), eb.lit(0)).as('cached_input_tokens'),
      eb.fn.coalesce(eb.fn.sum('latency_ms'), eb.lit(0)).as('latency_ms_sum'),
      eb.fn.count('latency_ms').as('latency_count'),
    ])
    .where('user_id', '=', userId)
    .where((eb) => {
      // timezone(zone, timestamp) reads a local date and time in the zone: the instant.
      const midnightAfter = (date: string, days: number) =>
        eb
          .fn('timezone', [
            eb.val(range.timeZone),
            eb.cast(eb(eb.cast(eb.val(date), 'date'), '+', eb.lit(days)), 'timestamp'),
          ])
          .$castTo<string>();
      return eb.and([
        eb('created_at', '>=', midnightAfter(range.from, 0)),
        eb('created_at', '<', midnightAfter(range.to, 1)),
      ]);
    })
    .groupBy('date')
    .orderBy('date')
    .execute();
  // Sums and counts are bigints, which the driver answers as text.
  return rows.map((row) => ({
    date: row.date,
    turns: Number(row.turns),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cachedInputTokens: Number(row.cached_input_tokens),
    latencyMsSum: Number(row.latency_ms_sum),
    latencyCount: Number(row.latency_count),
  }));
}

/**
 * Seconds until the user's tokens (input and output) of the last 24 hours are under `max`, on the
 * database's clock: when the oldest turns whose tokens take the sum under it leave the window.
 * Null while the sum is under `max` already. A running turn counts what it has recorded: nothing yet.
 */
export async function secondsUntilTokensUnder(db: Database, userId: string, max: number): Promise<number | null> {
  const { seconds } = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('chat_turns')
        .select((inner) => {
          const tokens = inner(
            inner.fn.coalesce('input_tokens', inner.lit(0)),
            '+',
            inner.fn.coalesce('output_tokens', inner.lit(0)),
          );
          return [
            'created_at',
            // Ordered by start: the tokens of this turn and every older one in the window (ties together).
            inner.fn
              .sum<number>(tokens)
              .over((over) => over.orderBy('created_at'))
              .as('through'),
            inner.fn.sum<number>(tokens).over().as('total'),
          ];
        })
        .where('user_id', '=', userId)
        .where((inner) => inner('created_at', '>', msAgo(inner, DAY_MS)))
        .as('recent'),
    )
    .select((eb) => {
      const oldest = eb.fn.min('recent.created_at').$castTo<unknown>();
      const leaves = eb(oldest, '+', eb(eb.val(DAY_MS), '*', oneMillisecond(eb)));
      return eb.fn<string | null>('ceil', [epochOf(eb(leaves, '-', eb.fn('now')))]).as('seconds');
    })
    .where('recent.total', '>=', max)
    .where((eb) => eb(eb('recent.total', '-', eb.ref('recent.through')), '<', max))
    .executeTakeFirstOrThrow();
  return seconds === null ? null : Number(seconds);
}
