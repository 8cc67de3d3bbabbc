import type { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseHandle } from '@taskchat/db';
import type { FastifyInstance } from 'fastify';

/**
 * Stops accepting connections, lets in-flight requests finish (up to `timeoutMs`), then closes
 * the ORM's pool and stops the embedded PostgreSQL. Resolves to the exit code.
 */
export async function stopGracefully(parts: {
  app: FastifyInstance;
  orm: MikroORM;
  database: DatabaseHandle;
  timeoutMs: number;
}): Promise<number> {
  let code = 0;
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, parts.timeoutMs, 'timeout').unref());
  if ((await Promise.race([parts.app.close(), timeout])) === 'timeout') {
    parts.app.log.warn('in-flight requests did not finish in time');
    code = 1;
  }
  await parts.orm.close();
  await parts.database.stop();
  return code;
}
