/**
 * Calendar arithmetic in the user's zone (the profile's, which the server reads dates in), with
 * `Intl` only: a date is 'YYYY-MM-DD', a time 'HH:mm', both on the user's wall clock.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClock(instant: Date, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: Number(parts.second),
  };
}

export function todayIn(timeZone: string, now = new Date()): string {
  return wallClock(now, timeZone).date;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The instant a wall-clock date and time in `timeZone` names (the later one in a DST overlap is fine here). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  // Two rounds: the zone's offset at the guess, then at the corrected guess (DST edges).
  for (let round = 0; round < 2; round++) {
    const seen = wallClock(new Date(guess), timeZone);
    const [y, m, d] = seen.date.split('-').map(Number) as [number, number, number];
    const [h, min] = seen.time.split(':').map(Number) as [number, number];
    guess += wanted - Date.UTC(y, m - 1, d, h, min, seen.seconds);
  }
  return new Date(guess);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const dayYearFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Today", "Tomorrow", "Yesterday", else "Fri 4 Dec" (with the year when it is not this year's). */
export function dayName(date: string, today: string): string {
  if (date === today) return 'Today';
  if (date === addDays(today, 1)) return 'Tomorrow';
  if (date === addDays(today, -1)) return 'Yesterday';
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const noon = new Date(Date.UTC(year, month - 1, day, 12));
  return (date.slice(0, 4) === today.slice(0, 4) ? dayFormat : dayYearFormat).format(noon);
}

export interface DueLike {
  date: string;
  time: string | null;
  at: Date | null;
}

/** "Today", "Tomorrow 15:00", "Fri 4 Dec". */
export function dueText(due: DueLike, today: string): string {
  const day = dayName(due.date, today);
  return due.time ? `${day} ${due.time}` : day;
}

/** Due before today, or timed and past: shown in red. */
export function isOverdue(due: DueLike | null, today: string, now = new Date()): boolean {
  if (!due) return false;
  if (due.date < today) return true;
  return due.at !== null && new Date(due.at).getTime() < now.getTime();
}

/** An instant on the user's wall clock: "Fri 4 Dec 15:00". */
export function instantText(instant: Date, timeZone: string, today: string): string {
  const clock = wallClock(new Date(instant), timeZone);
  return `${dayName(clock.date, today)} ${clock.time}`;
}

/** The browser's own zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
