import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ensureDatabase } from './database-admin.ts';
import { openEmbeddedCluster } from './embedded/cluster.ts';

/** Where the embedded development cluster keeps its data: `.data/` at the repository root (git-ignored). */
const DEV_DATA_DIR = fileURLToPath(new URL('../../../.data/postgres', import.meta.url));

/** The embedded development cluster's directory: `EMBEDDED_DATA_DIR`, else `.data/postgres`. */
export function devClusterDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBEDDED_DATA_DIR ? resolve(env.EMBEDDED_DATA_DIR) : DEV_DATA_DIR;
}
const DEV_DATABASE = 'taskchat';

export const postgresUrlSchema = z
  .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' })
  .refine((url) => new URL(url).pathname.length > 1, { message: 'must name a database' });

export interface DatabaseHandle {
  url: string;
  /** Where the embedded cluster (shared by the processes of this checkout) lives; null with DATABASE_URL. */
  embeddedDir: string | null;
  /** This process is done with the database; the last process using an embedded cluster stops it. */
  release(): Promise<void>;
}

/** Reads a PostgreSQL URL from the environment, failing with a message that names the variable. */
export function readDatabaseUrl(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = postgresUrlSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/**
 * The application database: `DATABASE_URL` when set, else the embedded development cluster
 * (`devClusterDir`), whose data survives restarts; a server already running on that cluster is shared.
 */
export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle> {
  const url = readDatabaseUrl('DATABASE_URL', env);
  if (url) return { url, embeddedDir: null, release: async () => {} };

  const server = await openEmbeddedCluster({ dir: devClusterDir(env), persistent: true });
  await ensureDatabase(server.adminUrl, DEV_DATABASE);
  return { url: server.urlFor(DEV_DATABASE), embeddedDir: server.clusterDir, release: server.release };
}
