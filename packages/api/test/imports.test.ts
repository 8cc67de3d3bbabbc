import { randomUUID } from 'node:crypto';
import { expectErrorCode, waitForFreshRateWindow } from '@taskchat/db/testing';
import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { tryLockImportsOf } from '../src/conversations/imports.data.ts';
import { inTransaction } from '../src/database.ts';
import { createCaller, retryAfterSeconds } from '../src/index.ts';
import { useApi } from './harness.ts';

const api = useApi();

/** One conversation of an export, with `count` user messages a second apart. */
function exportLines(count: number, conversationId = randomUUID()): string {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const conversation = {
    type: 'conversation',
    id: conversationId,
    title: 'Imported',
    archived: false,
    pinned: false,
    createdAt: new Date(start).toISOString(),
    updatedAt: new Date(start).toISOString(),
  };
  const messages = Array.from({ length: count }, (_, index) => ({
    type: 'message',
    id: randomUUID(),
    conversationId,
    role: 'user',
    content: `message ${index + 1}`,
    clientId: null,
    parts: null,
    incomplete: false,
    createdAt: new Date(start + index * 1_000).toISOString(),
  }));
  return [conversation, ...messages].map((line) => JSON.stringify(line)).join('\n');
}

/** The caller as the given user, on dependencies with other import limits. */
function withImportLimits(token: string, imports: { perMinute?: number; statementTimeoutMs?: number }) {
  return createCaller({ ...api.deps, imports: { ...api.deps.imports, ...imports } }, { token });
}

describe('conversations.import under load', () => {
  it('runs one import of a user at a time: a second, while the first holds the lock, is TOO_MANY_REQUESTS', async () => {
    const { caller, userId } = await api.newUser();
    const other = await api.newUser();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another import of the user's, running: its transaction holds the user's import lock.
    const running = inTransaction(api.deps.db, async (tx) => {
      expect(await tryLockImportsOf(tx, userId)).toBe(true);
      locked();
      await held;
    });
    await lockTaken;

    const refused = await expectErrorCode(caller.conversations.import({ ndjson: exportLines(3) }), 'TOO_MANY_REQUESTS');
    expect(refused.message).toBe('Another import of yours is running; try again when it ends');
    expect((await caller.conversations.list()).items).toEqual([]);
    // Another user's import is not held up.
    expect(await other.caller.conversations.import({ ndjson: exportLines(3) })).toMatchObject({ storedMessages: 3 });

    release();
    await running;
    expect(await caller.conversations.import({ ndjson: exportLines(3) })).toMatchObject({ storedMessages: 3 });
  });

  it('answers concurrent imports of one user each as stored or TOO_MANY_REQUESTS, never a 500, storing each message once', async () => {
    const { caller } = await api.newUser();
    const conversationId = randomUUID();
    const ndjson = exportLines(1_500, conversationId);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => caller.conversations.import({ ndjson })));
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    }
    const stored = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.storedMessages] : []));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.reduce((sum, count) => sum + count, 0)).toBe(1_500);
    const [conversation] = (await caller.conversations.list()).items;
    let count = 0;
    for (let cursor: string | undefined, guard = 0; guard < 100; guard++) {
      const page = await caller.messages.list({ conversationId: conversation?.id ?? '', limit: 200, cursor });
      count += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(count).toBe(1_500);
  });

  it('numbers a conversation of 2,500 imported messages 1 to 2,500, in one append', async () => {
    const { caller, userId } = await api.newUser();
    const { conversation } = await caller.conversations.import({ ndjson: exportLines(2_500) });
    const rows = await api.deps.db
      .selectFrom('messages')
      .select(['seq', 'content'])
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute();
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 2_500 }, (_, index) => index + 1));
    expect(rows.at(-1)?.content).toBe('message 2500');
  });

  it('refuses past the per-minute rate with retryAfter, before reading the file into the database', async () => {
    const { caller, token } = await api.newUser();
    const limited = withImportLimits(token, { perMinute: 2 });
    await waitForFreshRateWindow(60_000);
    await limited.conversations.import({ ndjson: exportLines(1) });
    await limited.conversations.import({ ndjson: exportLines(1) });
    const refused = await expectErrorCode<TRPCError>(
      limited.conversations.import({ ndjson: exportLines(1) }),
      'TOO_MANY_REQUESTS',
    );
    expect(retryAfterSeconds(refused)).toBeGreaterThan(0);
    expect((await caller.conversations.list()).items).toHaveLength(2);
  });

  it('bounds how long one statement of an import may hold its connection: past it nothing is kept', async () => {
    const { caller, token } = await api.newUser();
    const hurried = withImportLimits(token, { statementTimeoutMs: 1 });
    const refused = await expectErrorCode(
      hurried.conversations.import({ ndjson: exportLines(3_000) }),
      'TOO_MANY_REQUESTS',
    );
    expect(refused.message).toBe('The import took too long and was not kept; try again shortly');
    expect((await caller.conversations.list()).items).toEqual([]);
    // The connection it used is back in the pool with the default bound: the next import goes through.
    expect(await caller.conversations.import({ ndjson: exportLines(3) })).toMatchObject({ storedMessages: 3 });
  });
});
