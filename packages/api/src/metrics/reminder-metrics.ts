import type { Delivery } from '../reminders/reminders.data.ts';
import { histogram } from './registry.ts';

const lag = histogram({
  name: 'taskchat_reminder_delivery_lag_seconds',
  help: 'How late each reminder was delivered: from its fire_at to its delivered_at (both the database clock)',
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
});

/** Observes the lag of each reminder a batch delivered (its count is the histogram's `_count`). */
export function observeReminderDeliveries(delivered: readonly Delivery[]): void {
  for (const { fireAt, deliveredAt } of delivered)
    lag.observe(Math.max(0, deliveredAt.getTime() - fireAt.getTime()) / 1000);
}
