import type { Claims } from './claims.ts';
import { type DatePhrase, findDates, type LocalNow } from './local-dates.ts';

/**
 * The due date: chrono's first acceptable phrase, forward-dated ("friday" is the coming one; a
 * time alone that has passed today is tomorrow's). A later time-only phrase completes a date-only
 * one ("tomorrow buy milk at 5pm"). A preceding "on", "by", "due" or "at" is part of the phrase.
 * What is refused stays in the title (see `acceptable`).
 */
export function takeDue(claims: Claims, now: LocalNow): { date: string; time: string | null } | null {
  const phrases = findDates(claims.masked, now).filter((phrase) => acceptable(claims.masked, phrase));
  const first = phrases[0];
  if (!first) return null;
  claims.claim('due', withPreposition(claims.masked, first.start), first.end);
  let time = first.time;
  if (time === null) {
    const later = phrases.slice(1).find((phrase) => phrase.time !== null && !phrase.hasDay);
    if (later?.time) {
      claims.claim('due', withPreposition(claims.masked, later.start), later.end);
      time = later.time;
    }
  }
  return { date: first.date, time };
}

/** Words chrono reads as dates that in a task are usually not: "buy sun cream", "sat exam". */
const BARE_AMBIGUOUS = new Set(['sun', 'sat', 'now']);
const PREPOSITION = /\s(?:(?:(?:on|by|due)\s+)?the|on|by|due|at)\s+$/i;

/**
 * Refuses chrono's false positives in task text: a month with no day ("March Madness",
 * "jan 2025 report"), a duration with no "in" ("read 10 minutes", "1h"), "now", and a bare
 * "sun"/"sat" unless "on", "by", "due", "next" or "this" comes before it.
 */
function acceptable(text: string, phrase: DatePhrase): boolean {
  if (phrase.monthOnly || (!phrase.hasDay && phrase.time === null)) return false;
  if (phrase.tags.has('result/relativeDate') && /^\d/.test(phrase.text)) return false;
  const word = phrase.text.trim().toLowerCase();
  if (BARE_AMBIGUOUS.has(word)) {
    if (word === 'now') return false;
    return /\s(?:on|by|due|next|this)\s+$/i.test(before(text, phrase.start, 8));
  }
  return true;
}

/** Where the phrase starting at `start` begins with a preposition before it ("on friday"). */
function withPreposition(text: string, start: number): number {
  const match = PREPOSITION.exec(before(text, start, 8));
  return match ? Math.max(0, start - 8) + match.index : start;
}

/** Up to `length` characters before `start`, after the character before them (a space at the text's start). */
function before(text: string, start: number, length: number): string {
  const from = Math.max(0, start - length);
  return (from > 0 ? (text[from - 1] ?? ' ') : ' ') + text.slice(from, start);
}
