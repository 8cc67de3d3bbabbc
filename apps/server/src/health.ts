import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on SIGTERM/SIGINT: the server still serves, but asks its load balancer to send no more (`/readyz`). */
    draining: boolean;
  }
}

/** `/healthz`: the process is up. `/readyz`: the database answers, and the server is not draining for a shutdown. */
export function registerHealthRoutes(app: FastifyInstance, orm: MikroORM): void {
  app.decorate('draining', false);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    if (app.draining) return reply.code(503).send({ status: 'draining' });
    try {
      await orm.em.getConnection().execute('select 1');
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
