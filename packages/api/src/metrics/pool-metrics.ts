import type pg from 'pg';
import { gauge } from './registry.ts';

/**
 * The pools whose connections the gauges add up, one entry per server that observes one (a test
 * process builds several, some on one pool: each pool is counted once, while any server observes it).
 */
const observers = new Map<pg.Pool, number>();

// Each server process has its pool: a cluster's gauges are the sums of its workers' (aggregator).

const sum = (read: (pool: pg.Pool) => number) => [...observers.keys()].reduce((total, pool) => total + read(pool), 0);

gauge({
  name: 'taskchat_db_pool_connections',
  help: "Connections the database pools hold (busy and idle); the change feeds' LISTEN connections are apart",
  aggregator: 'sum',
  collect() {
    this.set(sum((pool) => pool.totalCount));
  },
});

gauge({
  name: 'taskchat_db_pool_idle_connections',
  help: 'Connections of the database pools waiting for a statement',
  aggregator: 'sum',
  collect() {
    this.set(sum((pool) => pool.idleCount));
  },
});

gauge({
  name: 'taskchat_db_pool_waiting_requests',
  help: 'Requests waiting for a connection of a pool (all are busy and the pool is at its size)',
  aggregator: 'sum',
  collect() {
    this.set(sum((pool) => pool.waitingCount));
  },
});

gauge({
  name: 'taskchat_db_pool_max_connections',
  help: 'The most connections the pools open (DATABASE_POOL_SIZE for each server process)',
  aggregator: 'sum',
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
