import { type ListQuery, readListQuery } from './list-queries.ts';
import { amount, ORDINAL_PATTERN, ordinal, unquote } from './phrases.ts';
import type { UserContext } from './user-context.ts';

/**
 * How a message points at tasks. Positions ("the first one", "the last two", "number 3", "2",
 * "1 and 3") are places in the numbered list of the assistant's latest answer that had one;
 * "it"/"that" is the one task that answer named; "all of them" is that whole list; "everything
 * due today" is a bulk query; anything else is (a fuzzy part of) a title.
 */
export type Position = { from: 'start' | 'end'; index: number };

export type Target =
  | { kind: 'positions'; positions: Position[] }
  | { kind: 'recent' }
  | { kind: 'listed' }
  | { kind: 'bulk'; query: ListQuery | null }
  | { kind: 'title'; text: string; hint: string | null };

const NUMBER = '(\\d{1,3})';
const COUNT = '(\\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)';

/** One position or a run of them, as said. */
function readPosition(part: string): Position[] | null {
  const text = part
    .replace(/^(?:the|and|or|also|plus)\s+/g, '')
    .replace(/\s+(?:ones?|tasks?|items?|things?|entries|entry|on the list|in the list|from the list|above)$/g, '')
    .replace(/^(?:number|no\.?|nr\.?|num|#|task|item|entry)\s*/, '')
    .trim();
  let match = new RegExp(`^${NUMBER}$`).exec(text);
  if (match) return [{ from: 'start', index: Number(match[1]) }];
  match = new RegExp(`^${NUMBER}\\s*(?:-|–|to|through|thru|until)\\s*(?:number\\s+)?${NUMBER}$`).exec(text);
  if (match) {
    const [low, high] = [Number(match[1]), Number(match[2])];
    if (high < low || high - low > 100) return null;
    return Array.from({ length: high - low + 1 }, (_, i) => ({ from: 'start' as const, index: low + i }));
  }
  if (/^(?:last|bottom|final|latest)$/.test(text)) return [{ from: 'end', index: 1 }];
  if (/^(?:top|topmost|first)$/.test(text)) return [{ from: 'start', index: 1 }];
  if (/^(?:(?:second|2nd) (?:to|from) (?:the )?last|penultimate|last but one|next to last)$/.test(text)) {
    return [{ from: 'end', index: 2 }];
  }
  match = new RegExp(`^(first|top|last|bottom) ${COUNT}$`).exec(text);
  if (match) {
    const n = amount(match[2] ?? '') ?? 0;
    if (n < 1) return null;
    const fromEnd = match[1] === 'last' || match[1] === 'bottom';
    return Array.from({ length: n }, (_, i) =>
      fromEnd ? { from: 'end', index: n - i } : { from: 'start', index: i + 1 },
    );
  }
  match = new RegExp(`^(${ORDINAL_PATTERN}|\\d{1,3}(?:st|nd|rd|th))$`).exec(text);
  if (match) {
    const n = ordinal(match[1] ?? '');
    return n ? [{ from: 'start', index: n }] : null;
  }
  return null;
}

/** "1, 3 and 5", "the first and the last", "2-4": every part a position, or null. */
function readPositions(text: string): Position[] | null {
  const parts = text
    .toLowerCase()
    .replace(/^(?:the\s+)?(?:tasks?|items?|numbers?|nos?\.?)\s+/, '')
    .split(/\s*(?:,|&|\band\b|\bplus\b|\bor\b)\s*/)
    .filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 100) return null;
  const positions: Position[] = [];
  for (const part of parts) {
    const read = readPosition(part);
    if (!read) return null;
    positions.push(...read);
  }
  return positions;
}

const LISTED =
  /^(?:all|both|all of them|them all|both of them|all(?: of)? (?:these|those|them)|these|those|them|these ones|those ones|every one of them|all the above|all of the above|the whole list|the lot|everything (?:on|in) (?:the|that|this|your) list|all (?:the )?(?:tasks|items|ones) (?:above|listed|shown|you (?:just )?(?:showed|listed|mentioned)))$/i;
const RECENT =
  /^(?:it|that|this|this one|that one|that task|this task|the task|the one|the same one|same one|that item|this item)$/i;
const BULK =
  /^(?:everything|every task|every single task|all(?: of)?(?: (?:my|the))? (?:tasks|todos|to-dos|items|stuff|things|ones)|all(?: of)? my|all|anything|all the|the ones|tasks|my tasks|the tasks|stuff|things|everything else)\b(?: (?:that'?s|that is|that are|which is|which are|i have|i've got|i got|i had|that was|that were|that i have|that i've))?/i;

/**
 * Reads a reference. `hint` is the verb of a finished-task sentence ("I bought the milk": "buy"),
 * which breaks ties between titles.
 */
export function readReference(raw: string, context: UserContext, hint: string | null = null): Target | null {
  const text = unquote(raw)
    .replace(/\s+(?:please|pls|now|for me|as well|too|also)$/i, '')
    .trim();
  if (text === '') return null;
  if (LISTED.test(text)) return { kind: 'listed' };
  if (RECENT.test(text)) return { kind: 'recent' };
  const positions = readPositions(text);
  if (positions) return { kind: 'positions', positions };
  const bulk = BULK.exec(text);
  if (bulk) {
    const rest = text.slice(bulk[0].length).trim();
    if (rest === '' || /^(?:on (?:the|that|this) list|above|listed|shown|of them)$/i.test(rest)) {
      return /^(?:everything|all|anything|every task|every single task)$/i.test(bulk[0].trim()) || rest !== ''
        ? { kind: 'bulk', query: null }
        : { kind: 'listed' };
    }
    const query = readListQuery(rest, context, { bare: true });
    if (query) return { kind: 'bulk', query };
  }
  // "today's tasks", "the overdue ones", "tasks due today", "my Home tasks".
  const described =
    /^(?:(?:the|my|all(?: of)?(?: the| my)?)\s+)?(.+?)\s+(?:ones|tasks|todos|items|stuff|things)$/i.exec(text);
  if (described?.[1]) {
    const query = readListQuery(described[1], context, { bare: true });
    if (query) return { kind: 'bulk', query };
  }
  const title = text
    .replace(
      /^(?:the (?:task|item|todo|one) (?:called|named|about|to|for)|(?:a |the )?task (?:called|named|about|to|for)|the one (?:about|with|for)|(?:my|the|a|an|that|this|our)\s)\s*/i,
      '',
    )
    .replace(/\s+(?:task|item|todo|one|thing)$/i, '')
    .trim();
  return title === '' ? null : { kind: 'title', text: unquote(title), hint };
}
