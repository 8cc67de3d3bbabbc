import { useTimeZone } from './use-time-zone.ts';

/** How the account screen writes an instant: in the profile's zone, to the minute or (`'medium'`) to the second. */
export function useInstantText(timeStyle: 'short' | 'medium' = 'short'): (instant: Date) => string {
  const timeZone = useTimeZone();
  return (instant) => new Date(instant).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle });
}
