import {
  type ApiLogger,
  type Database,
  deliverDueReminders,
  isDatabaseOutage,
  observeReminderDeliveries,
} from '@taskchat/api';

export interface ReminderDeliverySchedule {
  /** How often to look for due reminders (REMINDER_POLL_INTERVAL). */
  intervalMs: number;
  /** Reminders one statement delivers at most (REMINDER_BATCH_SIZE); a full batch is followed at once by the next. */
  batchSize: number;
}

/** The longest pause between attempts while the database cannot be reached. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Delivers due reminders: at once at start, then every interval, in the background, on every
 * server process. Each batch is one statement (`deliverDueReminders`) that claims, marks and
 * announces its reminders in one commit, skipping rows another process is delivering, so running
 * it on several processes delivers each reminder once, and a process that dies mid-batch leaves
 * its reminders due for the next poll (its own after a restart, or another process's).
 *
 * While the database cannot be reached the job keeps trying with backoff (doubling from the
 * interval to 30 s), logs the outage once and its end once, and never throws. Returns `stop`,
 * which waits for a running batch.
 */
export function scheduleReminderDelivery(
  db: Database,
  schedule: ReminderDeliverySchedule,
  logger: ApiLogger,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  /** Since when delivery has been failing (null while it works), and how long the next pause is. */
  let failingSince: number | null = null;
  let backoffMs = schedule.intervalMs;

  const runOnce = async (): Promise<void> => {
    // A full batch means more may be due: deliver again without waiting, until a batch is short.
    for (;;) {
      const delivered = await deliverDueReminders(db, schedule.batchSize);
      observeReminderDeliveries(delivered);
      if (delivered.length < schedule.batchSize || stopped) return;
    }
  };

  const tick = () => {
    timer = undefined;
    running = runOnce().then(
      () => {
        if (failingSince !== null) {
          logger.info({ failedForMs: Date.now() - failingSince }, 'reminder delivery is running again');
        }
        failingSince = null;
        backoffMs = schedule.intervalMs;
      },
      (error: unknown) => {
        if (failingSince === null) {
          failingSince = Date.now();
          logger.error(
            { err: error },
            isDatabaseOutage(error)
              ? 'reminder delivery cannot reach the database; retrying with backoff'
              : 'delivering reminders failed; retrying with backoff',
          );
        }
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      },
    );
    void running.finally(() => {
      running = null;
      if (stopped) return;
      timer = setTimeout(tick, failingSince === null ? schedule.intervalMs : backoffMs);
      // Never what keeps the process alive.
      timer.unref();
    });
  };
  tick();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
