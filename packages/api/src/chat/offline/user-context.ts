/**
 * What the offline assistant knows about the user: the date and time now in their zone, and their
 * project and label names. It reads them from the lines `turn-instructions.ts` appends to the
 * system prompt, the same lines a hosted model reads, so it needs no tool call of its own (no
 * extra step, no extra statement) and is never told more than a real model is.
 */
export interface UserContext {
  /** The instant of the prompt's "Now:" line (to the minute). */
  now: Date;
  timeZone: string;
  /** YYYY-MM-DD in the user's zone. */
  today: string;
  projects: string[];
  /** The prompt lists only the first 50 projects: a "#name" not among them may still be one. */
  moreProjects: boolean;
  labels: string[];
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const NOW_LINE =
  /^Now: \w+ (\d{1,2}) (\w+) (\d{4}), (\d{2}):(\d{2}) in the user's time zone \(([^,()]+), UTC([+-])(\d{2}):(\d{2})\)\.$/m;

/** "a, b and 3 more" → [a, b]; "none" → []. A name with ", " in it reads as two (a documented limit). */
function names(system: string, line: string): string[] {
  const match = new RegExp(`^The user's ${line}: (.*)\\.$`, 'm').exec(system);
  const list = match?.[1] ?? 'none';
  if (list === 'none') return [];
  return list
    .replace(/ and \d+ more$/, '')
    .split(', ')
    .filter((name) => name !== '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The user's context from the system prompt; without its lines, the real clock in UTC. Read on
 * every model call, so with string arithmetic only: the line already says the local date.
 */
export function readUserContext(system: string, fallbackNow: () => Date = () => new Date()): UserContext {
  const match = NOW_LINE.exec(system);
  const month = match ? MONTHS.indexOf((match[2] ?? '').toLowerCase()) : -1;
  const projects = names(system, 'projects');
  const moreProjects = /^The user's projects: .* and \d+ more\.$/m.test(system);
  const labels = names(system, 'labels');
  if (!match || month < 0) {
    const now = fallbackNow();
    return { now, timeZone: 'UTC', today: now.toISOString().slice(0, 10), projects, moreProjects, labels };
  }
  const [, day, , year, hour, minute, zone, sign, offsetHours, offsetMinutes] = match;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * (sign === '-' ? -1 : 1);
  const local = Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute));
  return {
    now: new Date(local - offset * 60_000),
    timeZone: zone ?? 'UTC',
    today: `${year}-${pad(month + 1)}-${pad(Number(day))}`,
    projects,
    moreProjects,
    labels,
  };
}
