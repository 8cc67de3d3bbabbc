import type pg from 'pg';
import { gauge } from './registry.ts';

/**
 * The pools whose connections the gauges add up, one entry per server that observes one (a test
 * process builds several, some on one pool: each pool is counted once, while any server observes it).
 */
const observers = new Map<pg.Pool, number>();

const sum = (read: (pool: pg.Pool) => number) => [...observers.keys()].reduce((total, pool) => total + read(pool), 0);

gauge({
  name: 'taskchat_db_pool_connections',
  help: "Connections the database pool holds (busy and idle); the change feed's LISTEN connection is apart",
  collect() {
    this.set(sum((pool) => pool.totalCount));
  },
});

gauge({
  name: 'taskchat_db_pool_idle_connections',
  help: 'Connections of the database pool waiting for a statement',
  collect() {
    this.set(sum((pool) => pool.idleCount));
  },
});

gauge({
  name: 'taskchat_db_pool_waiting_requests',
  help: 'Requests waiting for a connection of the pool (all are busy and the pool is at its size)',
  collect() {
    this.set(sum((pool) => pool.waitingCount));
  },
});

gauge({
  name: 'taskchat_db_pool_max_connections',
  help: 'The most connections the pool opens (DATABASE_POOL_SIZE)',
  collect() {
    this.set(sum((pool) => pool.options.max ?? 0));
  },
});

/** Reads the pool's counts at each scrape until the returned function is called (the server closes). */
export function observePool(pool: pg.Pool): () => void {
  observers.set(pool, (observers.get(pool) ?? 0) + 1);
  let observing = true;
  return () => {
    if (!observing) return;
    observing = false;
    const left = (observers.get(pool) ?? 1) - 1;
    if (left > 0) observers.set(pool, left);
    else observers.delete(pool);
  };
}
