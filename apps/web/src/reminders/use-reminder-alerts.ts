import { useCallback, useRef } from 'react';
import { useNotices } from '../notices/notices.tsx';
import { href } from '../routing/route.ts';
import type { DeliveredReminder } from '../tasks/task-types.ts';
import { useTRPCClient } from '../trpc.ts';
import { hasSeenRecord, markSeen, markSeenUntil, wasSeen } from './seen-reminders.ts';

/** At most this many missed reminders are listed on a start. */
const MISSED_SHOWN = 10;

function browserNotify(reminder: DeliveredReminder): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // The tag makes the browser show one notification per reminder, whichever tab sends it.
  new Notification('Taskchat reminder', { body: reminder.taskTitle, tag: `reminder-${reminder.id}` });
}

/**
 * Shows a delivered reminder: a notice in the app (every open tab, live) and, once per browser,
 * a browser notification when the user allowed them. `catchUp` lists the ones delivered while
 * no tab was open that this browser has not shown.
 */
export function useReminderAlerts(userId: string | undefined) {
  const { show } = useNotices();
  const client = useTRPCClient();
  const catchingUp = useRef(false);

  const notice = useCallback(
    (reminder: DeliveredReminder) =>
      show({
        id: `reminder-${reminder.id}`,
        kind: 'reminder',
        text: `Reminder: ${reminder.taskTitle}`,
        link: { label: 'Open task', href: href.tasks(reminder.taskId) },
        duration: null,
      }),
    [show],
  );

  const live = useCallback(
    (reminder: DeliveredReminder) => {
      if (!userId) return;
      notice(reminder);
      if (!wasSeen(userId, reminder)) browserNotify(reminder);
      markSeen(userId, reminder);
    },
    [userId, notice],
  );

  const catchUp = useCallback(async () => {
    if (!userId || catchingUp.current) return;
    catchingUp.current = true;
    try {
      const first = !hasSeenRecord(userId);
      const page = await client.reminders.list.query({ limit: MISSED_SHOWN });
      if (first) {
        // A browser new to this user (or signed out since) cannot tell what was shown elsewhere:
        // what was delivered before counts as seen, by the server's clock, not this browser's.
        const latest = page.items[0];
        if (latest) markSeen(userId, latest);
        else markSeenUntil(userId, new Date(0));
        return;
      }
      // Oldest first, so the latest ends up last (nearest the eye) and the watermark moves forward.
      for (const reminder of [...page.items].reverse()) {
        if (wasSeen(userId, reminder)) continue;
        notice(reminder);
        browserNotify(reminder);
        markSeen(userId, reminder);
      }
    } catch {
      // Missed reminders are a courtesy: the next start tries again.
    } finally {
      catchingUp.current = false;
    }
  }, [userId, client, notice]);

  return { live, catchUp };
}
