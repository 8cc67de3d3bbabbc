import {
  type ApiLogger,
  type Database,
  deleteExpiredOAuthRecords,
  purgeExpiredTaskTrash,
  purgeExpiredTrash,
} from '@taskchat/api';

export interface TrashPurgeSchedule {
  retentionMs: number;
  intervalMs: number;
}

/**
 * Purges what has been in the trash longer than the retention period (conversations, then tasks),
 * and the OAuth server's expired records and unused clients: once at start, then every
 * interval, in the background. Every server process runs it; their batches skip each other's
 * rows, so running it on several at once costs nothing but the query.
 */
export function scheduleTrashPurge(db: Database, schedule: TrashPurgeSchedule, logger: ApiLogger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const purge = () => {
    // A run that outlasts the interval is not joined by another.
    running ??= (async () => {
      const purged = await purgeExpiredTrash(db, schedule.retentionMs);
      if (purged > 0) logger.info({ purged }, 'purged conversations from the trash');
      const purgedTasks = await purgeExpiredTaskTrash(db, schedule.retentionMs);
      if (purgedTasks > 0) logger.info({ purged: purgedTasks }, 'purged tasks from the trash');
      const expired = await deleteExpiredOAuthRecords(db);
      if (expired > 0) logger.info({ deleted: expired }, 'deleted expired OAuth records');
    })()
      .catch((error: unknown) => logger.error({ err: error }, 'purging the trash failed'))
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
