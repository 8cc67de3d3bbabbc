import { type CursorPosition, encodeCursor } from './cursor.ts';

/**
 * One page of a list ordered by (sort key desc, id desc). `fetchRows` returns up to `limit` rows
 * strictly after `after` (a row comparison the index seeks to, so a page costs the same at any
 * depth); one more row than the page is asked for, to know whether another page follows.
 */
export async function keysetPage<Row extends { id: string }>(
  fetchRows: (limit: number, after: CursorPosition | undefined) => Promise<Row[]>,
  options: {
    scope: string;
    sortKey: (row: Row) => Date;
    after: CursorPosition | undefined;
    limit: number;
  },
): Promise<{ items: Row[]; nextCursor: string | null }> {
  const rows = await fetchRows(options.limit + 1, options.after);
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > options.limit && last
      ? encodeCursor(options.scope, { at: options.sortKey(last), id: last.id })
      : null;
  return { items, nextCursor };
}

/** The SQL condition and parameters of "after this position", for a (sort column, id) pair. */
export function keysetCondition(
  sortColumn: string,
  idColumn: string,
  after: CursorPosition | undefined,
): { sql: string; params: unknown[] } {
  return after
    ? { sql: `and (${sortColumn}, ${idColumn}) < (?, ?)`, params: [after.at, after.id] }
    : { sql: '', params: [] };
}
