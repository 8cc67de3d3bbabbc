import type { MikroORM } from '@mikro-orm/postgresql';
import type { RunningTurns } from '@taskchat/api';
import type { DatabaseHandle } from '@taskchat/db';
import type { FastifyInstance } from 'fastify';
import { stopTracing } from './tracing.ts';

/** How long aborted chat turns get to store their partial answers. */
const STORE_GRACE_MS = 2_000;

/**
 * Drains first: `/readyz` answers 503 while the server goes on serving for `drainDelayMs`, so a
 * load balancer stops sending before connections close. Then it stops accepting connections, lets
 * in-flight requests and chat turns finish (up to `timeoutMs`, together), closes the ORM's pool and
 * lets go of the embedded PostgreSQL (stopped when no other process uses it). Resolves to the exit code.
 */
export async function stopGracefully(parts: {
  app: FastifyInstance;
  /** Turns whose client left still write their answer: they finish before the pool closes. */
  runningTurns: Pick<RunningTurns, 'settled' | 'abort'>;
  orm: MikroORM;
  database: DatabaseHandle;
  timeoutMs: number;
  drainDelayMs: number;
}): Promise<number> {
  parts.app.draining = true;
  if (parts.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, parts.drainDelayMs));
  let code = 0;
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, parts.timeoutMs, 'timeout').unref());
  const closed = parts.app.close().then(() => parts.runningTurns.settled());
  // A keep-alive connection whose request finishes during the drain would otherwise hold the
  // server open until its keep-alive timeout; close each one as soon as it falls idle.
  const reaper = setInterval(() => parts.app.server.closeIdleConnections(), 50);
  if ((await Promise.race([closed, timeout])) === 'timeout') {
    parts.app.log.warn('in-flight requests or chat turns did not finish in time');
    code = 1;
    // Turns still running are cut short; they store what they have while the pool is still open.
    parts.runningTurns.abort();
    const stored = new Promise((resolve) => setTimeout(resolve, STORE_GRACE_MS).unref());
    await Promise.race([parts.runningTurns.settled(), stored]);
  }
  clearInterval(reaper);
  await parts.orm.close();
  await parts.database.release();
  await stopTracing();
  return code;
}
