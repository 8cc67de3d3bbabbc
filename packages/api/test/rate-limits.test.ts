import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createCaller, defaultChatSettings } from '../src/index.ts';
import { consumeRateLimit } from '../src/rate-limits/rate-limit.data.ts';
import { useApi } from './harness.ts';

const api = useApi();

/** A window far longer than a test run, so no window ends (and resets the count) mid-test. */
const LONG_WINDOW_MS = 1_000 * 24 * 3_600_000;

const attempt = (key: string, max: number) =>
  consumeRateLimit(api.deps.db, key, [{ windowMs: LONG_WINDOW_MS, max }], 'Slow down').then(
    () => 'ok',
    (error: { code: string; retryAfterSeconds: number }) => error,
  );

describe('a rate limit in PostgreSQL', () => {
  it('lets max uses through per window, then refuses with when to retry, counting no refusal', async () => {
    const key = `test:${randomUUID()}`;
    expect([await attempt(key, 3), await attempt(key, 3), await attempt(key, 3)]).toEqual(['ok', 'ok', 'ok']);
    const refused = await attempt(key, 3);
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Slow down' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(LONG_WINDOW_MS / 1000);
    // A refusal is not counted, and a raised limit lets the next one through.
    expect(await attempt(key, 4)).toBe('ok');
    expect(await attempt(`test:${randomUUID()}`, 1)).toBe('ok'); // another key has its own count
  });

  it('holds under concurrency: of 20 racing uses, exactly max get through', async () => {
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt(key, 5)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
  });

  it('is off with a max of 0', async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 5; i++) expect(await attempt(key, 0)).toBe('ok');
  });

  it('counts all windows or none: a full window leaves the others uncounted', async () => {
    const key = `test:${randomUUID()}`;
    const both = [
      { windowMs: LONG_WINDOW_MS, max: 10 },
      { windowMs: LONG_WINDOW_MS * 2, max: 1 },
    ];
    await consumeRateLimit(api.deps.db, key, both, 'no');
    await expect(consumeRateLimit(api.deps.db, key, both, 'no')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const rows = await api.deps.db
      .selectFrom('rate_limit_windows')
      .select(['key', 'count'])
      .where('key', 'like', `${key}:%`)
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: `${key}:${LONG_WINDOW_MS * 2}`, count: 1 },
      { key: `${key}:${LONG_WINDOW_MS}`, count: 1 },
    ]);
  });
});

/**
 * A window length that puts now() `elapsed` of the way into the second window since the epoch
 * (windows are aligned to it): the previous window then starts at the epoch, and at this length
 * a test's seconds move `elapsed` by a few billionths.
 */
async function windowElapsed(elapsed: number): Promise<number> {
  const { rows } = await sql<{ ms: string }>`select extract(epoch from now()) * 1000 as ms`.execute(api.deps.db);
  return Math.round(Number(rows[0]?.ms) / (1 + elapsed));
}

/** Counts `count` uses of `key` in the window `back` windows before the current one of a `windowElapsed` length. */
const countedBefore = (key: string, windowMs: number, back: number, count: number) =>
  api.deps.db
    .insertInto('rate_limit_windows')
    .values({ key: `${key}:${windowMs}`, window_start: new Date((1 - back) * windowMs), count })
    .execute();

const attemptIn = (key: string, windowMs: number, max: number) =>
  consumeRateLimit(api.deps.db, key, [{ windowMs, max }], 'Slow down').then(
    () => 'ok',
    (error: { code: string; retryAfterSeconds: number }) => error.retryAfterSeconds,
  );

describe('a sliding window', () => {
  it("refuses a burst across a window's end like one inside it, and says when the oldest uses slide out", async () => {
    const key = `test:${randomUUID()}`;
    const windowMs = await windowElapsed(0.001);
    await countedBefore(key, windowMs, 1, 3); // the previous window full, just before its end
    const retryAfter = await attemptIn(key, windowMs, 3);
    // One of the three slides out a third of the way in: 3 · (1 − t) + 1 ≤ 3 at t = 1/3.
    expect(Math.abs(Number(retryAfter) - ((1 / 3 - 0.001) * windowMs) / 1000)).toBeLessThan(windowMs / 1e6);
    expect(await attemptIn(key, windowMs, 4)).toBe('ok'); // a larger max has room for one more
  });

  it("counts the previous window's uses by the share of it the last window still covers", async () => {
    const key = `test:${randomUUID()}`;
    const windowMs = await windowElapsed(0.5);
    await countedBefore(key, windowMs, 1, 4); // half of them still inside the last windowMs
    expect([await attemptIn(key, windowMs, 4), await attemptIn(key, windowMs, 4)]).toEqual(['ok', 'ok']);
    const retryAfter = await attemptIn(key, windowMs, 4);
    // 4 · (1 − t) + 2 + 1 ≤ 4 at t = 3/4: a quarter of the window from now.
    expect(Math.abs(Number(retryAfter) - windowMs / 4000)).toBeLessThan(windowMs / 1e6);
  });

  it('with the current window full, has room only once enough of it slides out of the next', async () => {
    const key = `test:${randomUUID()}`;
    const windowMs = await windowElapsed(0.5);
    expect([await attemptIn(key, windowMs, 2), await attemptIn(key, windowMs, 2)]).toEqual(['ok', 'ok']);
    const retryAfter = await attemptIn(key, windowMs, 2);
    // Half a window to its end, then 2 · (1 − t) + 1 ≤ 2 at t = 1/2.
    expect(Math.abs(Number(retryAfter) - windowMs / 1000)).toBeLessThan(windowMs / 1e6);
  });

  it('keeps only the current and previous windows of a key', async () => {
    const key = `test:${randomUUID()}`;
    const windowMs = await windowElapsed(0.9);
    await countedBefore(key, windowMs, 2, 5);
    await countedBefore(key, windowMs, 1, 1);
    expect(await attemptIn(key, windowMs, 5)).toBe('ok');
    const rows = await api.deps.db
      .selectFrom('rate_limit_windows')
      .select(['window_start', 'count'])
      .where('key', '=', `${key}:${windowMs}`)
      .orderBy('window_start')
      .execute();
    expect(rows.map((row) => [new Date(row.window_start).getTime(), row.count])).toEqual([
      [0, 1],
      [windowMs, 1],
    ]);
  });
});

describe('the chat quota', () => {
  it('refuses a turn past the quota (TOO_MANY_REQUESTS, nothing stored) but still replays earlier turns', async () => {
    const { token, caller: plain } = await api.newUser();
    // Per day: a minute could end mid-test and reset the count.
    const deps = { ...api.deps, chat: defaultChatSettings({ turnsPerDay: 1 }) };
    const caller = createCaller(deps, { token });
    const first = { content: 'list', clientId: randomUUID() };
    const events = [];
    for await (const event of await caller.chat.send(first)) events.push(event.type);
    expect(events.at(-1)).toBe('assistant-message');
    const refused = caller.chat.send({ content: 'list', clientId: randomUUID() });
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect((await plain.conversations.list()).items).toHaveLength(1);
    const replayed = [];
    for await (const event of await caller.chat.send(first)) replayed.push(event.type);
    expect(replayed).toEqual(['user-message', 'assistant-message']);
  });
});
