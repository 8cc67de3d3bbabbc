import { z } from 'zod';
import { ensureDatabase } from './database-admin.ts';
import { DatabaseUrlRequiredError, loadDevDatabase } from './dev-database.ts';

const DEV_DATABASE = 'taskchat';

export const postgresUrlSchema = z
  .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' })
  .refine((url) => new URL(url).pathname.length > 1, { message: 'must name a database' });

export interface DatabaseHandle {
  /** The URL of the pool the requests' statements go through; may be a transaction pooler's. */
  url: string;
  /** The URL past any transaction pooler, for what needs a session: migrations, the change feed's LISTEN. */
  directUrl: string;
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
 * The application database: `DATABASE_URL` when set (and `DATABASE_DIRECT_URL`, defaulting to it);
 * else, outside production, the embedded development cluster of `@taskchat/dev-database` (a dev
 * dependency, loaded only then), whose data survives restarts and whose running server is shared,
 * at one URL for both. In production DATABASE_URL is required.
 */
export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle> {
  const url = readDatabaseUrl('DATABASE_URL', env);
  const directUrl = readDatabaseUrl('DATABASE_DIRECT_URL', env);
  if (url) return { url, directUrl: directUrl ?? url, embeddedDir: null, release: async () => {} };
  // A direct URL alone would send migrations to one database and requests to another (the embedded one).
  if (directUrl) throw new DatabaseUrlRequiredError('DATABASE_DIRECT_URL is set without DATABASE_URL: set both');
  // Never a database inside the checkout: on a container's throwaway disk that is data loss.
  if (env.NODE_ENV === 'production') throw new DatabaseUrlRequiredError();

  const { openDevCluster } = await loadDevDatabase('DATABASE_URL');
  const server = await openDevCluster(env);
  try {
    await ensureDatabase(server.adminUrl, DEV_DATABASE);
  } catch (error) {
    await server.release();
    throw error;
  }
  const devUrl = server.urlFor(DEV_DATABASE);
  return { url: devUrl, directUrl: devUrl, embeddedDir: server.clusterDir, release: server.release };
}
