import type { Claims } from './claims.ts';
import { dateAt, findDates, type LocalNow } from './local-dates.ts';

/**
 * A deadline: Todoist's braces, "{march 30}" (the whole inside must be a date), or the word
 * "deadline" before a date ("deadline friday", "deadline: 3/14"). "by friday" is a due date, not a
 * deadline (see due-phrases.ts). The first one found wins; a time in it is dropped (a deadline is a day).
 */
export function takeDeadline(claims: Claims, now: LocalNow): string | null {
  for (const match of claims.masked.matchAll(/\{([^{}\n]{1,60})\}/g)) {
    const inner = match[1] ?? '';
    const phrase = findDates(inner, now)[0];
    if (phrase?.hasDay && inner.slice(0, phrase.start).trim() === '' && inner.slice(phrase.end).trim() === '') {
      claims.claim('deadline', match.index, match.index + match[0].length);
      return phrase.date;
    }
  }
  for (const match of claims.masked.matchAll(/(?<![\p{L}\p{N}])deadline(?![\p{L}\p{N}])\s*:?/giu)) {
    const position = match.index + match[0].length;
    const phrase = dateAt(claims.masked, position, now);
    if (phrase?.hasDay && claims.isFree(match.index, phrase.end)) {
      claims.claim('deadline', match.index, phrase.end);
      return phrase.date;
    }
  }
  return null;
}
