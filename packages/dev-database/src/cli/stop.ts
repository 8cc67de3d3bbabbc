/**
 * `pnpm db:stop`: stops the embedded development cluster (`.data/postgres`, or EMBEDDED_DATA_DIR),
 * whichever process started it and whoever still uses it: the way out of a cluster left running
 * by a killed server that does not answer any more. Names the directory the cluster really lives
 * in: as root with a checkout the `postgres` user cannot reach, a relocated one under /var/lib/taskchat.
 */
import { stopEmbeddedCluster } from '../cluster.ts';
import { devClusterDir } from '../dev-cluster.ts';

const dir = devClusterDir();
const { clusterDir, stopped } = await stopEmbeddedCluster(dir);
const where = clusterDir === dir ? clusterDir : `${clusterDir} (the relocated cluster of ${dir})`;
console.log(
  stopped
    ? `Stopped the embedded PostgreSQL (pid ${stopped.pid}) in ${where}`
    : `No embedded PostgreSQL runs in ${where}`,
);
