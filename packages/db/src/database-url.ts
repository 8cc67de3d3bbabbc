import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createDatabase, databaseExists } from './database-admin.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

/** Where the embedded development cluster keeps its data: `.data/` at the repository root (git-ignored). */
export const DEV_DATA_DIR = fileURLToPath(new URL('../../../.data/postgres', import.meta.url));
const DEV_DATABASE = 'taskchat';

export const postgresUrlSchema = z
  .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' })
  .refine((url) => new URL(url).pathname.length > 1, { message: 'must name a database' });

export interface DatabaseHandle {
  url: string;
  /** Whether the server was started by this process (and is stopped by `stop`). */
  embedded: boolean;
  stop(): Promise<void>;
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
 * under `.data/`, whose data survives restarts.
 */
export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle> {
  const url = readDatabaseUrl('DATABASE_URL', env);
  if (url) return { url, embedded: false, stop: async () => {} };

  const server = await startEmbeddedPostgres({ dir: DEV_DATA_DIR, persistent: true });
  if (!(await databaseExists(server.adminUrl, DEV_DATABASE))) {
    await createDatabase(server.adminUrl, DEV_DATABASE);
  }
  return { url: server.urlFor(DEV_DATABASE), embedded: true, stop: server.stop };
}
