import { openDatabase } from '@taskchat/db';
import type { ServerConfig } from '../config.ts';
import { serve } from '../serve.ts';
import { startupFailureMessage } from '../startup-failure.ts';
import { tellPrimary } from './worker-messages.ts';

/**
 * A worker of the cluster (primary.ts): one server process on the port the primary shares, on
 * the database the primary opened and migrated (its URL in this process's DATABASE_URL). It
 * prints nothing itself: the primary says once that the cluster listens, or why it did not start.
 */
export async function runWorker(config: ServerConfig): Promise<void> {
  try {
    const address = await serve(config, await openDatabase());
    // A signal can reach a worker twice (a terminal's Ctrl-C reaches the primary's whole process
    // group, and the primary passes it on; systemd signals every process of a service): the first
    // began the shutdown, and a repeat must not end the process mid-drain with the default action.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => {});
    await tellPrimary({ taskchat: 'listening', address });
  } catch (error) {
    await tellPrimary({ taskchat: 'failed', message: startupFailureMessage(error, config) });
    process.exit(1);
  }
}
