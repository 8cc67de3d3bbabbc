import type { TaskTextRange, TaskTextRangeKind } from './task-text-types.ts';

/**
 * The parts of a text already recognised. Each claimed part is blanked (same length, so offsets
 * stay) in `masked`, which the later recognisers read, so no two ranges overlap.
 */
export class Claims {
  readonly ranges: TaskTextRange[] = [];
  readonly original: string;
  masked: string;

  constructor(original: string) {
    this.original = original;
    this.masked = original;
  }

  isFree(start: number, end: number): boolean {
    return this.ranges.every((range) => range.end <= start || range.start >= end);
  }

  /** Claims the still-free, non-blank pieces of [start, end) as `kind`. */
  claim(kind: TaskTextRangeKind, start: number, end: number): void {
    const taken = this.ranges
      .filter((range) => range.end > start && range.start < end)
      .sort((a, b) => a.start - b.start);
    let from = start;
    for (const range of [...taken, { start: end, end }]) {
      this.claimPiece(kind, from, Math.min(range.start, end));
      from = Math.max(from, range.end);
    }
  }

  private claimPiece(kind: TaskTextRangeKind, start: number, end: number): void {
    const piece = this.original.slice(start, end);
    const leading = piece.length - piece.trimStart().length;
    const trimmed = piece.trim();
    if (trimmed === '') return;
    const from = start + leading;
    const to = from + trimmed.length;
    this.ranges.push({ kind, start: from, end: to, text: trimmed });
    this.masked = this.masked.slice(0, from) + ' '.repeat(to - from) + this.masked.slice(to);
  }

  sortedRanges(): TaskTextRange[] {
    return [...this.ranges].sort((a, b) => a.start - b.start);
  }

  /** The original text without the claimed ranges, whitespace collapsed. */
  remainder(): string {
    let out = '';
    let from = 0;
    for (const range of this.sortedRanges()) {
      out += `${this.original.slice(from, range.start)} `;
      from = range.end;
    }
    out += this.original.slice(from);
    return out.replace(/\s+/g, ' ').trim();
  }
}
