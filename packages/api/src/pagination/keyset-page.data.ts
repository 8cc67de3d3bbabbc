import { type SelectQueryBuilder, sql } from 'kysely';
import { DomainError } from '../errors.ts';
import { type DecodedCursor, encodeCursor, isOfKind, type SortKey, type SortKind } from './cursor.ts';

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
 * One page of a list ordered by its sort columns and then id, all descending: the rows strictly
 * after the cursor's position (a row comparison the index seeks to, so a page costs the same at
 * any depth), one more than the page to know whether another follows. A cursor made for another
 * list (`scope`) is a BAD_REQUEST.
 */
export async function keysetPage<DB, Table extends keyof DB, Row, Item extends { id: string }>(
  query: SelectQueryBuilder<DB, Table, Row>,
  list: {
    scope: string;
    sortColumns: readonly (keyof DB[Table] & string)[];
    /** What each sort column holds, in the same order. */
    sortKinds: readonly SortKind[];
    toItem: (row: Row) => Item;
    /** The item's values of the sort columns, in their order. */
    sortKeys: (item: Item) => SortKey[];
  },
  request: PageRequest,
): Promise<Page<Item>> {
  const { cursor, limit } = request;
  // A cursor of another list, or whose keys are not of this list's kinds, never reaches PostgreSQL.
  const keys = cursor?.position.keys ?? [];
  const fits =
    keys.length === list.sortKinds.length &&
    list.sortKinds.every((kind, i) => keys[i] !== undefined && isOfKind(keys[i], kind));
  if (cursor && (cursor.scope !== list.scope || !fits)) {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor');
  }
  const columns = [...list.sortColumns.map((column) => sql.ref(column)), sql.ref('id')];
  const after = cursor?.position;
  const values = after && [...after.keys.map((key) => (key instanceof Date ? key.toISOString() : key)), after.id];
  const fromCursor = values
    ? // The builder cannot type a row comparison over a generic table; the values are bind parameters.
      query.where(sql<boolean>`(${sql.join(columns)}) < (${sql.join(values)})`)
    : query;
  const rows = await columns
    .reduce((ordered, column) => ordered.orderBy(column, 'desc'), fromCursor)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => list.toItem(row as Row));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(list.scope, { keys: list.sortKeys(last), id: last.id }) : null;
  return { items, nextCursor };
}
