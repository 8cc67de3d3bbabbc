import { DateTime } from 'luxon';
import type { UserScope } from '../context.ts';
import { DomainError } from '../errors.ts';
import { todayIn } from '../tasks/local-time.ts';
import { selectTimeZone } from '../tasks/tasks.data.ts';
import type { ChatUsageInput } from './chat.schemas.ts';
import { selectUsageByDay, type UsageDayRow } from './chat-usage.data.ts';

/** The range without `from`: the last 30 days, `to` included. */
const DEFAULT_DAYS = 30;
/** The longest range: a year, a leap day included. */
const MAX_DAYS = 366;

/** What turns used: their number, their tokens, and their average latency (null when none recorded one). */
export interface UsageTotals {
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMsAverage: number | null;
}

/** One day of the user's zone, `YYYY-MM-DD`, and what its turns used. */
export interface UsageDay extends UsageTotals {
  date: string;
}

export interface ChatUsageOutput {
  /** The range the answer covers, in the user's zone: the input's, or the defaults. */
  from: string;
  to: string;
  /** Oldest first; days without turns are left out. */
  days: UsageDay[];
  total: UsageTotals;
}

const plusDays = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;

function totals(rows: UsageDayRow[]): UsageTotals {
  const sum = (pick: (row: UsageDayRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const latencyCount = sum((row) => row.latencyCount);
  return {
    turns: sum((row) => row.turns),
    inputTokens: sum((row) => row.inputTokens),
    outputTokens: sum((row) => row.outputTokens),
    cachedInputTokens: sum((row) => row.cachedInputTokens),
    latencyMsAverage: latencyCount === 0 ? null : Math.round(sum((row) => row.latencyMsSum) / latencyCount),
  };
}

/**
 * `chat.usage`: the caller's chat turns by day in their time zone (a turn counts on the day it
 * started), from `from` to `to` inclusive; by default the last 30 days to today. BAD_REQUEST
 * when `from` is after `to` or the range passes 366 days.
 */
export async function getChatUsage(ctx: UserScope, input: ChatUsageInput): Promise<ChatUsageOutput> {
  const timeZone = await selectTimeZone(ctx.db, ctx.userId);
  const to = input.to ?? todayIn(timeZone, new Date());
  const from = input.from ?? plusDays(to, 1 - DEFAULT_DAYS);
  if (from > to) throw new DomainError('BAD_REQUEST', '`from` must be on or before `to` (today by default)');
  const days = DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days + 1;
  if (days > MAX_DAYS) throw new DomainError('BAD_REQUEST', `A usage range spans at most ${MAX_DAYS} days`);
  const rows = await selectUsageByDay(ctx.db, ctx.userId, { timeZone, from, to });
  return { from, to, days: rows.map((row) => ({ date: row.date, ...totals([row]) })), total: totals(rows) };
}
