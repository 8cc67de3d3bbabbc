import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, openEmbeddedCluster, stopEmbeddedCluster } from '@taskchat/dev-database';

export interface RestartableServer {
  /** URL of the server's `postgres` maintenance database; the same across restarts. */
  adminUrl: string;
  /** Stops PostgreSQL (a fast shutdown: every connection is cut) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops PostgreSQL for as long as the test wants an outage; `resume()` starts it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** A throwaway embedded PostgreSQL of a test's own, for restarting under open connections. */
export async function startRestartableServer(): Promise<RestartableServer> {
  const dir = join(tmpdir(), `taskchat-restart-${randomBytes(6).toString('hex')}`);
  let server: EmbeddedDatabase = await openEmbeddedCluster({ dir, persistent: false });
  const port = Number(new URL(server.adminUrl).port);
  const pause = async () => {
    await stopEmbeddedCluster(dir);
  };
  const resume = async () => {
    server = await openEmbeddedCluster({ dir, persistent: false, port });
  };
  return {
    adminUrl: server.adminUrl,
    restart: async () => {
      await pause();
      await resume();
    },
    pause,
    resume,
    stop: () => server.release(),
  };
}
