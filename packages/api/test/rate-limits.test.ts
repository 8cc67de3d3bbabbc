import { randomUUID } from 'node:crypto';
import { waitForFreshRateWindow } from '@taskchat/db/testing';
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

describe('the chat quota', () => {
  it('refuses a turn past the quota (TOO_MANY_REQUESTS, nothing stored) but still replays earlier turns', async () => {
    const { token, caller: plain } = await api.newUser();
    // Per day: a minute could end mid-test and reset the count (and the day is not ending).
    await waitForFreshRateWindow(86_400_000);
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
