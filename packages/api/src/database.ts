import type { MikroORM } from '@mikro-orm/postgresql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import type { entities } from '@taskchat/db';
import { type ColumnType, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';

type EntityTables = InferKyselyDB<(typeof entities)[number]>;

/** A timestamp as MikroORM's pool reads it: text such as `2026-11-23 02:27:16.225+00` (its pg type parsers). */
type ReadAsText<Value> = Value extends Date ? string : Value;
type Column<Value> =
  Value extends ColumnType<infer Select, infer Insert, infer Update>
    ? ColumnType<ReadAsText<Select>, Insert, Update>
    : ColumnType<ReadAsText<Value>, Value, Value>;

/**
 * The tables as the entities define them, so a wrong table, column or value type fails `tsc`.
 * Timestamps are written as `Date`s and read as text, as the driver really returns them; the
 * data modules turn them into `Date`s where rows become outputs.
 */
export type Tables = {
  [Table in keyof EntityTables]: { [C in keyof EntityTables[Table]]: Column<EntityTables[Table][C]> };
};

/** Typed queries on the ORM's connection pool, sent with bind parameters. */
export type Database = Kysely<Tables>;

/** The ORM's Kysely instance, typed from the entities. */
export function databaseOf(orm: MikroORM): Database {
  return orm.em.getKysely<Tables>();
}

/** Runs `work` in a transaction: a new one, or the caller's when `db` already is one. */
export async function inTransaction<T>(db: Database, work: (tx: Transaction<Tables>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return await work(db as Transaction<Tables>);
  return await db.transaction().execute(work);
}

/**
 * Runs `work` inside a savepoint of the transaction `tx`: when it throws, what it wrote is rolled
 * back and the error goes on, while the transaction stays usable (one step of many may fail alone).
 */
export async function inSavepoint<T>(tx: Transaction<Tables>, work: () => Promise<T>): Promise<T> {
  // Raw: the builder has no savepoints on a transaction it did not open as controlled.
  await sql`savepoint step`.execute(tx);
  try {
    const result = await work();
    await sql`release savepoint step`.execute(tx); // keeps what `work` wrote
    return result;
  } catch (error) {
    await sql`rollback to savepoint step`.execute(tx); // undoes only what `work` wrote
    throw error;
  }
}

/**
 * Bounds every later statement of the transaction to `ms` milliseconds (`SET LOCAL
 * statement_timeout`, through set_config so the value is a bind parameter); past it a statement
 * fails with `isStatementTimeout`, and the transaction with it.
 */
export async function limitStatementTime(tx: Transaction<Tables>, ms: number): Promise<void> {
  await tx
    .selectNoFrom((eb) =>
      eb.fn('set_config', [eb.val('statement_timeout'), eb.val(String(ms)), eb.lit(true)]).as('set'),
    )
    .execute();
}

/** Whether `error` is PostgreSQL's cancellation of a statement past its `statement_timeout`. */
export function isStatementTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '57014';
}

/** Whether `error` is PostgreSQL's unique violation of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}

/** A text jsonb can hold: NUL and unpaired surrogates (which it refuses) become U+FFFD, as text columns store the latter. */
const storableText = (text: string) => text.replaceAll('\u0000', '\uFFFD').toWellFormed();

/** JSON.stringify's replacer: strings and object keys as jsonb can hold them (what a model writes may hold anything). */
function storable(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.some((key) => storableText(key) !== key)) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), inner]));
    }
  }
  return value;
}

/**
 * A value for a jsonb column. Raw SQL because the driver sends a JavaScript array as a PostgreSQL
 * array literal, not as JSON; the text still travels as a bind parameter.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${jsonText(value)} as jsonb)`;
}

/** A value as JSON text that jsonb can hold (an element of a jsonb[] parameter, say). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, storable);
}
