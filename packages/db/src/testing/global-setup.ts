/**
 * Vitest global setup: one PostgreSQL server per test run (TEST_DATABASE_URL's, else a throwaway
 * embedded one) and one migrated template database that every test file clones.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase, withDatabase } from '../database-admin.ts';
import { readDatabaseUrl } from '../database-url.ts';
import { startEmbeddedPostgres } from '../embedded-postgres.ts';
import { migrateUp } from '../migrations-runner.ts';
import './test-database.ts'; // declares what this setup provides

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = readDatabaseUrl('TEST_DATABASE_URL');
  const server = given
    ? undefined
    : await startEmbeddedPostgres({
        dir: join(tmpdir(), `taskchat-test-${randomBytes(6).toString('hex')}`),
        persistent: false,
      });
  const adminUrl = server?.adminUrl ?? withDatabase(given as string, 'postgres');

  const template = `taskchat_template_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, template);
  await migrateUp(withDatabase(adminUrl, template));

  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await dropDatabase(adminUrl, template);
    await server?.stop();
  };
}
