import { type CursorPosition, encodeCursor } from './cursor.ts';

/** The part of a MikroORM query builder a keyset page needs. */
interface PageableQuery<Row> {
  andWhere(condition: string, params: unknown[]): unknown;
  limit(limit: number): unknown;
  getResultList(): Promise<Row[]>;
}

/**
 * One page of a query already ordered by (sort column desc, id desc): the rows strictly after
 * `after`, as a row comparison the index can seek to, so a page costs the same at any depth.
 * Fetches `limit + 1` rows to know whether another page follows.
 */
export async function keysetPage<Row extends { id: string }>(
  query: PageableQuery<Row>,
  options: {
    scope: string;
    /** The qualified sort column, e.g. `c.updated_at`; the id column beside it breaks ties. */
    sortColumn: string;
    sortKey: (row: Row) => Date;
    after: CursorPosition | undefined;
    limit: number;
  },
): Promise<{ items: Row[]; nextCursor: string | null }> {
  const idColumn = options.sortColumn.replace(/[^.]+$/, 'id');
  if (options.after) {
    query.andWhere(`(${options.sortColumn}, ${idColumn}) < (?, ?)`, [options.after.at, options.after.id]);
  }
  query.limit(options.limit + 1);
  const rows = await query.getResultList();
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > options.limit && last
      ? encodeCursor(options.scope, { at: options.sortKey(last), id: last.id })
      : null;
  return { items, nextCursor };
}
