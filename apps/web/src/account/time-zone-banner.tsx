import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { browserTimeZone } from '../tasks/dates.ts';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';

const DISMISSED = 'taskchat.time-zone-dismissed';

/**
 * When this browser's zone is not the profile's (a trip, a new laptop), offers to read dates in
 * it from now on; dismissing it keeps quiet about that zone in this browser.
 */
export function TimeZoneBanner() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshTasks = useRefreshTasks();
  const me = useQuery(trpc.auth.me.queryOptions());
  const here = browserTimeZone();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED));
  const update = useMutation(
    trpc.auth.updateProfile.mutationOptions({
      onSuccess: async (user) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), (old) => (old ? { ...old, ...user } : old));
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        await refreshTasks();
      },
    }),
  );
  const profileZone = me.data?.timeZone;
  if (!profileZone || profileZone === here || dismissed === here) return null;
  return (
    <section className="zone-banner" aria-label="Time zone">
      <span>
        Your dates are shown in {profileZone.replaceAll('_', ' ')}, but this device is in {here.replaceAll('_', ' ')}.
      </span>
      <button
        type="button"
        className="primary"
        disabled={update.isPending}
        onClick={() => update.mutate({ timeZone: here })}
      >
        Use {here.replaceAll('_', ' ')}
      </button>
      <button
        type="button"
        onClick={() => {
          localStorage.setItem(DISMISSED, here);
          setDismissed(here);
        }}
      >
        Keep {profileZone.replaceAll('_', ' ')}
      </button>
      <ErrorAlert error={update.error} />
    </section>
  );
}
