/**
 * `pnpm db:stop`: stops the embedded development cluster (`.data/postgres`, or EMBEDDED_DATA_DIR),
 * whichever process started it and whoever still uses it: the way out of a cluster left running
 * by a killed server that does not answer any more.
 */
import { devClusterDir } from '../database-url.ts';
import { stopEmbeddedCluster } from '../embedded/cluster.ts';

const dir = devClusterDir();
const stopped = await stopEmbeddedCluster(dir);
console.log(
  stopped ? `Stopped the embedded PostgreSQL (pid ${stopped.pid}) in ${dir}` : `No embedded PostgreSQL runs in ${dir}`,
);
