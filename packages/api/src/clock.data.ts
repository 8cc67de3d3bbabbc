import { type Expression, type ExpressionBuilder, sql } from 'kysely';

/**
 * Expressions of the database's clock, shared by the data modules that count time in PostgreSQL
 * (locks, windows, retention): every server process then agrees, whatever its own clock says.
 */

/** One millisecond as an interval: make_interval's seventh argument is seconds. */
export const oneMillisecond = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
  eb.fn<number>('make_interval', [eb.lit(0), eb.lit(0), eb.lit(0), eb.lit(0), eb.lit(0), eb.lit(0), eb.lit(0.001)]);

/** now() minus `ms` milliseconds; `ms` is a bind parameter. */
export const msAgo = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, ms: number) =>
  eb(eb.fn<unknown>('now'), '-', eb(eb.val(ms), '*', oneMillisecond(eb))).$castTo<string>();

// Raw SQL: extract(field from source) has no builder; the source is built, and its values are bind parameters.
export const epochOf = (source: Expression<unknown>) => sql<number>`extract(epoch from ${source})`;
