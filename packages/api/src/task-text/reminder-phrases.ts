import type { Claims } from './claims.ts';
import { dateAt, type LocalNow } from './local-dates.ts';

/**
 * Reminders: "remind me 30 minutes before", "remind me 9am", "remind me at 9am tomorrow", and
 * Todoist's "!" form: "!30min", "!1h before", "!9am", "!tomorrow 9am". A relative one counts
 * minutes before the due time; an absolute one without a day of its own is dated later (the due
 * day, else today).
 */
export type PendingReminder =
  | { kind: 'relative'; minutesBefore: number }
  | { kind: 'absolute'; date: string | null; time: string };

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 };

/** "30 minutes before", "1h", "an hour before", "2 days prior": the amount, its unit, the "before". */
const RELATIVE =
  /(\d{1,4}|an?|one)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)(?![\p{L}\p{N}])(\s+(?:before|earlier|prior|ahead))?/iuy;

const TRIGGER = /(?<![\p{L}\p{N}])remind me(?![\p{L}\p{N}])|(?<!\S)!(?=[^\s!])/giu;

/** At most this many triggers are tried, so a text full of "!" stays cheap. */
const MAX_TRIGGERS = 20;

export function takeReminders(claims: Claims, now: LocalNow): PendingReminder[] {
  const reminders: PendingReminder[] = [];
  let tried = 0;
  for (const trigger of claims.masked.matchAll(TRIGGER)) {
    if (++tried > MAX_TRIGGERS) break;
    const start = trigger.index;
    let position = start + trigger[0].length;
    const bang = trigger[0] === '!';
    if (!bang) position += leadingSpace(claims.masked, position);
    if (!claims.isFree(start, position)) continue;
    RELATIVE.lastIndex = position;
    const relative = RELATIVE.exec(claims.masked);
    if (relative && (bang || relative[3])) {
      const amount = /^\d/.test(relative[1] ?? '') ? Number(relative[1]) : 1;
      const unit = UNIT_MINUTES[(relative[2] ?? 'm').charAt(0).toLowerCase()] ?? 1;
      claims.claim('reminder', start, position + relative[0].length);
      reminders.push({ kind: 'relative', minutesBefore: amount * unit });
      continue;
    }
    const phrase = dateAt(claims.masked, position, now);
    if (phrase?.time && phrase.start === position && claims.isFree(start, phrase.end)) {
      claims.claim('reminder', start, phrase.end);
      reminders.push({ kind: 'absolute', date: phrase.hasDay ? phrase.date : null, time: phrase.time });
    }
  }
  return reminders;
}

function leadingSpace(text: string, position: number): number {
  const rest = text.slice(position, position + 20);
  return rest.length - rest.trimStart().length;
}
