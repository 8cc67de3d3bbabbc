import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs hand-written SQL on the ORM's connection pool. The hot paths take this rather than a
 * request's forked EntityManager: raw statements touch no identity map, so they need no fork
 * (forking showed up in the benchmark profile as per-request setup). `transactional` gives a
 * transaction-scoped EntityManager whose statements share one connection.
 */
export type SqlRunner = Pick<EntityManager, 'execute' | 'transactional'>;
