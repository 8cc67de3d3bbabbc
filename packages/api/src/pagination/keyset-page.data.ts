import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { DomainError } from '../errors.ts';
import { type DecodedCursor, encodeCursor, isOfKind, type SortKey, type SortKind } from './cursor.ts';

/** What a caller asks of a list: how many items, and from where (a `nextCursor` it was given). */
export interface PageRequest {
  limit: number;
  cursor?: DecodedCursor | undefined;
  /**
   * The most bytes the page's items may hold (measured by the list's `sizeOf`): past them it ends
   * early, with a `nextCursor`. A page holds at least one item.
   */
  maxBytes?: number | undefined;
}

export interface Page<Item> {
  items: Item[];
  /** Leads to the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * One page of a list ordered by its sort columns and then id, all descending (or all ascending,
 * `direction`): the rows strictly after the cursor's position (a row comparison the index seeks
 * to, so a page costs the same at any depth), one more than the page to know whether another
 * follows. A nullable column (`nullableDate`) sorts its nulls before every value (`nulls first`
 * ascending, `nulls last` descending) and, as a row comparison cannot hold a null, the position
 * is then compared column by column. A cursor made for another list (`scope`) is a BAD_REQUEST.
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
    /** The bytes an item adds to an answer, for `maxBytes`. */
    sizeOf?: (item: Item) => number;
    /** Descending unless said. */
    direction?: 'asc' | 'desc';
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
  const direction = list.direction ?? 'desc';
  const nullable = list.sortKinds.map((kind) => kind === 'nullableDate');
  const columns = [...list.sortColumns.map((column) => sql.ref(column)), sql.ref('id')];
  const after = cursor?.position;
  const values = after && [...after.keys.map((key) => (key instanceof Date ? key.toISOString() : key)), after.id];
  const fromCursor = values
    ? query.where(
        nullable.some(Boolean)
          ? afterNullable(columns, values, direction)
          : // The builder cannot type a row comparison over a generic table; the values are bind parameters.
            sql<boolean>`(${sql.join(columns)}) ${sql.raw(direction === 'asc' ? '>' : '<')} (${sql.join(values)})`,
      )
    : query;
  const rows = await columns
    .reduce(
      (ordered, column, i) =>
        ordered.orderBy(column, (ob) => {
          const ordering = direction === 'asc' ? ob.asc() : ob.desc();
          if (!nullable[i]) return ordering;
          return direction === 'asc' ? ordering.nullsFirst() : ordering.nullsLast();
        }),
      fromCursor,
    )
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => list.toItem(row as Row));
  const kept = withinBytes(items, request.maxBytes, list.sizeOf);
  const last = kept.at(-1);
  const more = rows.length > limit || kept.length < items.length;
  const nextCursor = more && last ? encodeCursor(list.scope, { keys: list.sortKeys(last), id: last.id }) : null;
  return { items: kept, nextCursor };
}

/**
 * "After the position" column by column, nulls counting as smaller than every value: for each
 * column, the earlier ones equal and this one beyond. The builder cannot type these comparisons
 * over a generic table; the values are bind parameters.
 */
function afterNullable(columns: RawBuilder<unknown>[], values: (SortKey | string)[], direction: 'asc' | 'desc') {
  const equal = (column: RawBuilder<unknown>, value: SortKey | string) =>
    value === null ? sql<boolean>`${column} is null` : sql<boolean>`${column} = ${value}`;
  const beyond = (column: RawBuilder<unknown>, value: SortKey | string) => {
    // Nulls are smallest: beyond a null ascending is any value; descending, nothing is.
    if (direction === 'asc')
      return value === null ? sql<boolean>`${column} is not null` : sql<boolean>`${column} > ${value}`;
    return value === null ? sql<boolean>`false` : sql<boolean>`(${column} < ${value} or ${column} is null)`;
  };
  const terms = columns.map((column, i) => {
    // The earlier columns equal, this one beyond.
    const before = columns.slice(0, i).map((earlier, j) => equal(earlier, values[j] as SortKey));
    return sql<boolean>`(${sql.join([...before, beyond(column, values[i] as SortKey)], sql` and `)})`;
  });
  // Any one of the terms: the rows after the position.
  const any = sql<boolean>`(${sql.join(terms, sql` or `)})`;
  // The first column's bound as a plain range too, so the index scan starts at the position.
  const first = values[0] as SortKey;
  if (direction !== 'asc' || first === null) return any;
  return sql<boolean>`(${columns[0]} >= ${first} and ${any})`;
}

/** The first items that fit in `maxBytes` together, and at least one. */
export function withinBytes<Item>(
  items: Item[],
  maxBytes: number | undefined,
  sizeOf: ((item: Item) => number) | undefined,
) {
  if (maxBytes === undefined || sizeOf === undefined) return items;
  let bytes = 0;
  for (let index = 0; index < items.length; index++) {
    bytes += sizeOf(items[index] as Item);
    if (bytes > maxBytes && index > 0) return items.slice(0, index);
  }
  return items;
}
