import { type ApiLogger, type Database, purgeExpiredTrash } from '@taskchat/api';

export interface TrashPurgeSchedule {
  retentionMs: number;
  intervalMs: number;
}

/**
 * Purges what has been in the trash longer than the retention period: once at start, then every
 * interval, in the background. Every server process runs it; their batches skip each other's
 * rows, so running it on several at once costs nothing but the query.
 */
export function scheduleTrashPurge(db: Database, schedule: TrashPurgeSchedule, logger: ApiLogger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const purge = () => {
    // A run that outlasts the interval is not joined by another.
    running ??= purgeExpiredTrash(db, schedule.retentionMs)
      .then(
        (purged) => void (purged > 0 && logger.info({ purged }, 'purged conversations from the trash')),
        (error: unknown) => logger.error({ err: error }, 'purging the trash failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  purge();
  const timer = setInterval(purge, schedule.intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
