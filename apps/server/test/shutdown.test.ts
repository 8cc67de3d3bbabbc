import type { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseHandle } from '@taskchat/db';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { stopGracefully } from '../src/shutdown.ts';

/** Stand-ins recording the order in which shutdown closes things; `close` resolves when `drained` does. */
function parts(drained: Promise<void>, timeoutMs: number, turnsSettled: Promise<void> = Promise.resolve()) {
  const events: string[] = [];
  const idleClosed = { count: 0 };
  const app = {
    close: async () => {
      await drained;
      events.push('app closed');
    },
    server: { closeIdleConnections: () => void idleClosed.count++ },
    log: { warn: (message: string) => events.push(`warn: ${message}`) },
  } as unknown as FastifyInstance;
  const orm = { close: async () => void events.push('orm closed') } as unknown as MikroORM;
  const database = { release: async () => void events.push('database released') } as unknown as DatabaseHandle;
  const runningTurns = {
    settled: async () => {
      await turnsSettled;
      events.push('turns settled');
    },
    abort: () => void events.push('turns aborted'),
  };
  return {
    events,
    idleClosed,
    shutdown: () => stopGracefully({ app, runningTurns, orm, database, timeoutMs, drainDelayMs: 0 }),
  };
}

describe('graceful shutdown', () => {
  it('waits for in-flight requests, then closes the pool and releases the database: exit 0', async () => {
    let drain = () => {};
    const { events, shutdown } = parts(new Promise((resolve) => (drain = resolve)), 60_000);
    const code = shutdown();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
    drain();
    expect(await code).toBe(0);
    expect(events).toEqual(['app closed', 'turns settled', 'orm closed', 'database released']);
  });

  it('lets running chat turns store their answers before it closes the pool', async () => {
    let finish = () => {};
    const { events, shutdown } = parts(Promise.resolve(), 60_000, new Promise((resolve) => (finish = resolve)));
    const code = shutdown();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['app closed']);
    finish();
    expect(await code).toBe(0);
    expect(events).toEqual(['app closed', 'turns settled', 'orm closed', 'database released']);
  });

  it('gives up on requests that outlast the timeout, cuts running turns short, still closes everything, and exits 1', async () => {
    const { events, shutdown } = parts(new Promise(() => {}), 30);
    expect(await shutdown()).toBe(1);
    expect(events).toEqual([
      'warn: in-flight requests or chat turns did not finish in time',
      'turns aborted',
      'turns settled',
      'orm closed',
      'database released',
    ]);
  });

  it('closes keep-alive connections as they fall idle while it waits, and stops doing so after', async () => {
    vi.useFakeTimers();
    try {
      let drain = () => {};
      const { idleClosed, shutdown } = parts(new Promise((resolve) => (drain = resolve)), 60_000);
      const code = shutdown();
      await vi.advanceTimersByTimeAsync(175);
      expect(idleClosed.count).toBe(3);
      drain();
      expect(await code).toBe(0);
      await vi.advanceTimersByTimeAsync(500);
      expect(idleClosed.count).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
