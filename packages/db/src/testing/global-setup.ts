/**
 * Vitest global setup: one PostgreSQL server per test run (TEST_DATABASE_URL's, else a throwaway
 * embedded one) and one migrated template database that every test file clones.
 */
import type { TestProject } from 'vitest/node';
import { dropDatabase } from '../database-admin.ts';
import { readDatabaseUrl } from '../database-url.ts';
import { createMigratedDatabase, throwawayServer } from '../throwaway-databases.ts';
import './test-database.ts'; // declares what this setup provides

/** Starts the run's server and template and provides them to the test files; returns the teardown and the server's URL. */
export async function provideTestServer(project: TestProject): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const server = await throwawayServer(readDatabaseUrl('TEST_DATABASE_URL'), 'test');
  const template = await createMigratedDatabase(server.adminUrl, 'taskchat_template');

  project.provide('databaseAdminUrl', server.adminUrl);
  project.provide('templateDatabase', template.name);

  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await dropDatabase(server.adminUrl, template.name);
      await server.stop();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await provideTestServer(project);
  return server.stop;
}
