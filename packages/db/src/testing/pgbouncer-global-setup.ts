/**
 * Vitest global setup of the `pgbouncer` project: the run's server and template (as
 * global-setup.ts), and a PgBouncer in transaction mode in front of it. Every test database's ORM
 * goes through the pooler; what needs a session (the change feed, migrations) goes past it to the
 * server (`directUrl`), as DATABASE_URL and DATABASE_DIRECT_URL do in production behind a pooler.
 */
import type { TestProject } from 'vitest/node';
import { provideTestServer } from './global-setup.ts';
import { startPgBouncer } from './pgbouncer.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await provideTestServer(project);
  try {
    const pooler = await startPgBouncer(server.adminUrl);
    project.provide('poolerAdminUrl', pooler.adminUrl);
    return async () => {
      await pooler.stop();
      await server.stop();
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
