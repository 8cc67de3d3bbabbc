import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedDatabase, openEmbeddedCluster } from './cluster.ts';

/** Where the embedded development cluster keeps its data: `.data/` at the repository root (git-ignored). */
const DEV_DATA_DIR = fileURLToPath(new URL('../../../.data/postgres', import.meta.url));

/** The embedded development cluster's directory as asked for: `EMBEDDED_DATA_DIR`, else `.data/postgres`. */
export function devClusterDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBEDDED_DATA_DIR ? resolve(env.EMBEDDED_DATA_DIR) : DEV_DATA_DIR;
}

/**
 * The development cluster of this checkout (`devClusterDir`), whose data survives restarts; a
 * server already running on it is shared. Its `clusterDir` says where it really lives.
 */
export async function openDevCluster(env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedDatabase> {
  return await openEmbeddedCluster({ dir: devClusterDir(env), persistent: true });
}
