import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedCluster } from '@taskchat/dev-database';

export interface StatementLoggingServer {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Every statement the server received so far, as PostgreSQL logged it. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL that logs every statement it receives (`log_statement = all`),
 * for tests of what really reaches the server: with bind parameters a statement is logged as
 * `execute <unnamed>: … $1 …` and its values apart, as `DETAIL:  Parameters: $1 = '…'`.
 */
export async function startStatementLoggingServer(): Promise<StatementLoggingServer> {
  const server = await openEmbeddedCluster({
    dir: join(tmpdir(), `taskchat-statements-${randomBytes(6).toString('hex')}`),
    persistent: false,
    settings: { log_statement: 'all' },
  });
  return { adminUrl: server.adminUrl, log: () => readFileSync(server.logFile, 'utf8'), stop: server.release };
}
