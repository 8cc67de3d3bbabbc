import { describe, expect, it } from 'vitest';
import { TITLE_MAX_LENGTH, titleFromMessage } from '../src/messages/conversation-title.ts';

const codePoints = (s: string) => [...s].length;

describe('titleFromMessage', () => {
  it('keeps a short first line as it is, whitespace collapsed', () => {
    expect(titleFromMessage('  Plan   my\tweek  ')).toBe('Plan my week');
  });

  it('takes the first non-blank line of a multi-line message', () => {
    expect(titleFromMessage('\n  \nGroceries for Sunday\nmilk\neggs')).toBe('Groceries for Sunday');
  });

  it('cuts a long line at a word boundary to at most 80 characters, ending with …', () => {
    const words = 'Please help me organise a very long list of errands for the coming weekend trip to the mountains';
    const title = titleFromMessage(words);
    expect(codePoints(title)).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
    expect(title.endsWith('…')).toBe(true);
    const kept = title.slice(0, -1);
    expect(words.startsWith(kept)).toBe(true);
    expect(words[kept.length]).toBe(' ');
  });

  it('keeps a line of exactly 80 characters whole, and cuts one of 81', () => {
    const eighty = `${'b'.repeat(40)} ${'c'.repeat(39)}`;
    expect(titleFromMessage(eighty)).toBe(eighty);
    expect(titleFromMessage(`${eighty}d`)).toBe(`${'b'.repeat(40)}…`);
  });

  it('cuts back to the last space when the limit falls inside a word', () => {
    // Words of 6 letters and a space: 11 words fill 76 characters, the 79-character budget ends inside the 12th.
    const words = Array.from({ length: 14 }, (_, i) => `word${String(i).padStart(2, '0')}`);
    expect(titleFromMessage(words.join(' '))).toBe(`${words.slice(0, 11).join(' ')}…`);
  });

  it('keeps a whole word that ends exactly at the cut', () => {
    const line = `${'a'.repeat(79)} tail`;
    expect(titleFromMessage(line)).toBe(`${'a'.repeat(79)}…`);
  });

  it('hard-cuts a single word longer than the limit', () => {
    expect(titleFromMessage('x'.repeat(200))).toBe(`${'x'.repeat(79)}…`);
  });

  it('counts emoji as single characters and never splits one', () => {
    const emoji = '😀'.repeat(100);
    expect(titleFromMessage(emoji)).toBe(`${'😀'.repeat(79)}…`);
    const family = '👨‍👩‍👧'; // 5 code points, one grapheme
    const title = titleFromMessage(family.repeat(30));
    expect(codePoints(title)).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
    expect(title).toBe(`${family.repeat(15)}…`);
  });
});
