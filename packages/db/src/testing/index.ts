export { expectErrorCode } from './expect-error-code.ts';
export { type PgBouncer, type PgBouncerOptions, proveSessionHeldOn, startPgBouncer } from './pgbouncer.ts';
export { waitForFreshRateWindow } from './rate-window.ts';
export { type RestartableServer, startRestartableServer } from './restartable-server.ts';
export { type StatementLoggingServer, startStatementLoggingServer } from './statement-logging-server.ts';
export { createEmptyDatabase, directUrlOf } from './test-database.ts';
export { type UsedTestDatabase, useEmptyDatabase, useTestDatabase } from './use-test-database.ts';

/** The password of every test account (valid: 8–128 characters, and not too easy to guess). */
export const TEST_PASSWORD = 'a long passphrase';
export { oneBranchStatements } from '../one-branch.ts';
