import type { ApiLogger } from '../context.ts';
import type { Database } from '../database.ts';
import type { ChangeFeed } from './change-feed.ts';

/** What a subscription needs: the database to read from and the feed that says when to read. */
export interface LiveDeps {
  db: Database;
  feed: ChangeFeed;
  logger: ApiLogger;
}

/** While the database is unreachable, how often a stream tries reading again (a reconnected feed rings sooner). */
export const OUTAGE_RETRY_MS = 1_000;
