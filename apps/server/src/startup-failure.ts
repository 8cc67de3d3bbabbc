import { isDatabaseOutage } from '@taskchat/api';
import { DatabaseUrlRequiredError, SessionNotHeldError } from '@taskchat/db';
import type { ServerConfig } from './config.ts';

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const portOf = (error: unknown): unknown => (error as { port?: unknown } | null)?.port;

/**
 * An EmbeddedClusterError of `@taskchat/dev-database`, known by its name: that package is a dev
 * dependency, which production code never imports.
 */
const isEmbeddedClusterError = (error: unknown): error is Error =>
  error instanceof Error && error.name === 'EmbeddedClusterError';

/**
 * Why the server could not start, as one line that says what to do (never a stack trace): the
 * port is taken, the database is unreachable or refuses us, production has no DATABASE_URL, the
 * direct URL goes through a transaction pooler, the embedded cluster misbehaves.
 */
export function startupFailureMessage(
  error: unknown,
  config: Pick<ServerConfig, 'PORT' | 'HOST'> & Partial<Pick<ServerConfig, 'METRICS_PORT' | 'METRICS_HOST'>>,
): string {
  const code = codeOf(error);
  // The listener of /metrics (METRICS_PORT) fails the start too: Node's error names its port.
  if (code === 'EADDRINUSE' && config.METRICS_PORT !== undefined && portOf(error) === config.METRICS_PORT) {
    return `METRICS_PORT ${config.METRICS_PORT} on ${config.METRICS_HOST} is already in use: set METRICS_PORT to a free one or stop the program using it.`;
  }
  if (code === 'EADDRINUSE') {
    return `Port ${config.PORT} on ${config.HOST} is already in use: set PORT to a free one (PORT=${config.PORT + 1} scripts/pnpm start) or stop the program using it.`;
  }
  if (code === 'EADDRNOTAVAIL') return `Cannot listen on HOST=${config.HOST}: no such address on this machine.`;
  if (error instanceof DatabaseUrlRequiredError || error instanceof SessionNotHeldError) return error.message;
  if (isEmbeddedClusterError(error)) return error.message;
  if (isDatabaseOutage(error)) {
    const reason = typeof code === 'string' ? ` (${code})` : '';
    return `Cannot reach PostgreSQL${reason}: check that it runs and that DATABASE_URL points at it.`;
  }
  if (code === '28P01' || code === '28000') return 'PostgreSQL refused the user or password in DATABASE_URL.';
  if (code === '3D000') return 'The database named in DATABASE_URL does not exist: create it first.';
  const message = error instanceof Error ? error.message : String(error);
  return `Taskchat did not start: ${message.split('\n', 1)[0]}`;
}
