import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useState } from 'react';
import { useLiveSubscription } from '../live/use-live-subscription.ts';
import { useReminderAlerts } from '../reminders/use-reminder-alerts.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Refetches everything a task change can show in: the task lists, the projects' and labels'
 * counts, search, and the chat's record of what each answer did (an undo marks it undone).
 */
export function useRefreshTasks(): () => Promise<unknown> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.tasks.pathFilter()),
        queryClient.invalidateQueries(trpc.projects.list.pathFilter()),
        queryClient.invalidateQueries(trpc.labels.list.pathFilter()),
        queryClient.invalidateQueries(trpc.chat.effects.pathFilter()),
      ]),
    [trpc, queryClient],
  );
}

/**
 * `tasks.onChange` for the whole signed-in app: a change made in another tab, on another device
 * or by the assistant refetches the lists; a reminder that came due shows. The stream is not
 * replayed, so its (re)start refetches, and `resync` (the server lost track) does too. Answers
 * whether the stream is running (tests wait for it before changing things elsewhere).
 */
export function useTaskChanges(userId: string | undefined): boolean {
  const trpc = useTRPC();
  const refresh = useRefreshTasks();
  const reminders = useReminderAlerts(userId);
  const [started, setStarted] = useState(false);
  const subscription = useSubscription(
    trpc.tasks.onChange.subscriptionOptions(undefined, {
      enabled: userId !== undefined,
      onStarted: () => {
        setStarted(true);
        void refresh();
        void reminders.catchUp();
      },
      onData: (change) => {
        if (change.type === 'reminder') reminders.live(change.reminder);
        else void refresh();
      },
      onError: () => setStarted(false),
    }),
  );
  useLiveSubscription(subscription);
  return started && subscription.status !== 'error';
}
