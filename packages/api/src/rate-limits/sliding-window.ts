/**
 * The arithmetic of a sliding window counter: the last `windowMs` are estimated as the current
 * fixed window's count plus the previous one's, weighted by the share of it still inside them.
 */

/** A key's counts in its current and previous fixed windows, and the fraction of the current one elapsed. */
export interface WindowCounts {
  current: number;
  previous: number;
  /** 0 at the current window's start, approaching 1 at its end. */
  elapsed: number;
}

/** The previous window's uses still inside the sliding window, `elapsed` into the current one. */
const carriedOver = (previous: number, elapsed: number) => previous * (1 - elapsed);

/** How many uses the current fixed window may hold in all, now: one more is allowed while its count is below. */
export function windowCapacity({ previous, elapsed }: WindowCounts, max: number): number {
  return Math.floor(max - carriedOver(previous, elapsed));
}

/** Seconds (at least 1) until one more use fits, if nothing else is counted meanwhile. */
export function secondsUntilRoom({ current, previous, elapsed }: WindowCounts, max: number, windowMs: number): number {
  let windows = 0;
  if (current + 1 <= max) {
    // Room comes as the previous window slides out: previous · (1 − t) + current + 1 ≤ max.
    if (previous > 0) windows = Math.max(0, 1 - (max - current - 1) / previous - elapsed);
  } else {
    // Only in the next window, once enough of this one's count slides out: current · (1 − t) + 1 ≤ max.
    windows = 1 - elapsed + (1 - (max - 1) / current);
  }
  return Math.max(1, Math.ceil((windows * windowMs) / 1000));
}
