import type { ApiLogger } from '../context.ts';
import type { Database } from '../database.ts';
import type { ChangeFeed } from './change-feed.ts';

/** What a subscription needs: the database to read from and the feed that says when to read. */
export interface LiveDeps {
  db: Database;
  feed: ChangeFeed;
  logger: ApiLogger;
}
