import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { browserTimeZone } from '../tasks/dates.ts';
import { useTRPC } from '../trpc.ts';
import { zoneName } from './use-time-zone.ts';
import { useUpdateProfile } from './use-update-profile.ts';

const DISMISSED = 'taskchat.time-zone-dismissed';

/**
 * When this browser's zone is not the profile's (a trip, a new laptop), offers to read dates in
 * it from now on; dismissing it keeps quiet about that zone in this browser.
 */
export function TimeZoneBanner() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const here = browserTimeZone();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED));
  const update = useUpdateProfile();
  const profileZone = me.data?.timeZone;
  if (!profileZone || profileZone === here || dismissed === here) return null;
  return (
    <section className="zone-banner" aria-label="Time zone">
      <span>
        Your dates are shown in {zoneName(profileZone)}, but this device is in {zoneName(here)}.
      </span>
      <button
        type="button"
        className="primary"
        disabled={update.isPending}
        onClick={() => update.mutate({ timeZone: here })}
      >
        Use {zoneName(here)}
      </button>
      <button
        type="button"
        onClick={() => {
          localStorage.setItem(DISMISSED, here);
          setDismissed(here);
        }}
      >
        Keep {zoneName(profileZone)}
      </button>
      <ErrorAlert error={update.error} />
    </section>
  );
}
