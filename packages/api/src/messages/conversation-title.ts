import { codePointLength } from '@taskchat/db';

export const TITLE_MAX_LENGTH = 80;
const ELLIPSIS = '…';

/**
 * A conversation title made from its first user message: the first non-blank line, whitespace
 * collapsed, cut at a word boundary to at most 80 characters (code points) including a trailing "…"
 * when cut. Cuts never split a grapheme (an emoji with modifiers stays whole).
 */
export function titleFromMessage(content: string): string {
  const firstLine = content.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? content;
  const line = firstLine.replace(/\s+/gu, ' ').trim();
  if (codePointLength(line) <= TITLE_MAX_LENGTH) return line;

  const budget = TITLE_MAX_LENGTH - codePointLength(ELLIPSIS);
  let kept = '';
  let keptLength = 0;
  let lastWordEnd = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(line)) {
    const length = codePointLength(segment);
    if (keptLength + length > budget) {
      // Cut at the last space unless the cut already falls between two words.
      if (segment !== ' ' && lastWordEnd > 0) kept = kept.slice(0, lastWordEnd);
      break;
    }
    if (segment === ' ') lastWordEnd = kept.length;
    kept += segment;
    keptLength += length;
  }
  return `${kept.trimEnd()}${ELLIPSIS}`;
}
