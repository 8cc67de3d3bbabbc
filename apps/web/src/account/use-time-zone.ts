import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { browserTimeZone, todayIn } from '../tasks/dates.ts';
import { useTRPC } from '../trpc.ts';

/** A zone as people read it: "America/New York". */
export const zoneName = (zone: string) => zone.replaceAll('_', ' ');

/** The zone the user's dates are read in: the profile's (the server's), else this browser's until it loads. */
export function useTimeZone(): string {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return me.data?.timeZone ?? browserTimeZone();
}

/** The current time, again every `everyMs` (so "today" and "overdue" move on while the tab stays open). */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Today's date in the user's zone, with the zone and the current time. */
export function useToday(): { today: string; timeZone: string; now: Date } {
  const timeZone = useTimeZone();
  const now = useNow();
  return { today: todayIn(timeZone, now), timeZone, now };
}
