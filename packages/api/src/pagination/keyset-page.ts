import { type SelectQueryBuilder, sql } from 'kysely';
import { DomainError } from '../errors.ts';
import { type DecodedCursor, encodeCursor } from './cursor.ts';

/** What a caller asks of a list: how many items, and from where (a `nextCursor` it was given). */
export interface PageRequest {
  limit: number;
  cursor?: DecodedCursor | undefined;
}

export interface Page<Item> {
  items: Item[];
  /** Leads to the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * One page of a list ordered by (sort column desc, id desc): the rows strictly after the cursor's
 * position (a row comparison the index seeks to, so a page costs the same at any depth), one more
 * than the page to know whether another follows. A cursor made for another list (`scope`) is a
 * BAD_REQUEST.
 */
export async function keysetPage<DB, Table extends keyof DB, Row, Item extends { id: string }>(
  query: SelectQueryBuilder<DB, Table, Row>,
  list: {
    scope: string;
    sortColumn: keyof DB[Table] & string;
    toItem: (row: Row) => Item;
    sortKey: (item: Item) => Date;
  },
  request: PageRequest,
): Promise<Page<Item>> {
  const { cursor, limit } = request;
  if (cursor && cursor.scope !== list.scope) throw new DomainError('BAD_REQUEST', 'Invalid cursor');
  const sortColumn = sql.ref(list.sortColumn);
  const after = cursor?.position;
  const fromCursor = after
    ? // The builder cannot type a row comparison over a generic table; the values are bind parameters.
      query.where(sql<boolean>`(${sortColumn}, ${sql.ref('id')}) < (${after.at.toISOString()}, ${after.id})`)
    : query;
  const rows = await fromCursor
    .orderBy(sortColumn, 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => list.toItem(row as Row));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(list.scope, { at: list.sortKey(last), id: last.id }) : null;
  return { items, nextCursor };
}
