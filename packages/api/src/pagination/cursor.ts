import { calendarDateSchema, idSchema, limits } from '@taskchat/db';
import { z } from 'zod';

/**
 * Keyset cursors: the sort keys and the id of the last row of a page, with the list they belong
 * to, as base64url JSON. Opaque to clients; a cursor of another list is refused.
 */
/**
 * A sort key: a timestamp (activity, creation), a flag (pinned first), a number (a search rank,
 * a message's place in its conversation), a text (a manual-order key, a calendar date) or null
 * (a nullable column's missing value, such as a date-only task's `due_at`).
 */
export type SortKey = Date | boolean | number | string | null;

/**
 * What a sort column holds, so a cursor's keys can be checked against its list before any query:
 * `number` a PostgreSQL `real`, `integer` an `int` (a key it cannot hold would fail the query),
 * `text` a manual-order key (collate "C"), `day` a `date` as YYYY-MM-DD, `nullableDate` a
 * timestamp or null (nulls sort before every value).
 */
export type SortKind = 'date' | 'boolean' | 'number' | 'integer' | 'text' | 'day' | 'nullableDate';

const INT_MAX = 2_147_483_647;

/** Whether a cursor's key is one a column of this kind holds. */
export const isOfKind = (key: SortKey, kind: SortKind): boolean => {
  if (kind === 'date') return key instanceof Date;
  if (kind === 'nullableDate') return key === null || key instanceof Date;
  if (kind === 'text') return typeof key === 'string' && key.length > 0 && key.length <= limits.position;
  if (kind === 'day') return typeof key === 'string' && calendarDateSchema.safeParse(key).success;
  if (kind === 'boolean') return typeof key === 'boolean';
  if (kind === 'integer') return Number.isInteger(key) && Math.abs(key as number) <= INT_MAX;
  return typeof key === 'number';
};

export interface CursorPosition {
  keys: SortKey[];
  id: string;
}

/** Rows are stamped by the application, so a real position is never before 1970 (PostgreSQL refuses year 0). */
const positionTime = z.iso
  .datetime()
  .refine((value) => Number(value.slice(0, 4)) >= 1970)
  .transform((value) => new Date(value));

/** A rank is a PostgreSQL `real`: a number it cannot hold would fail the query, so it fails here. */
const rank = z
  .number()
  .finite()
  .refine((value) => value === 0 || (Math.abs(value) >= 1.2e-38 && Math.abs(value) <= 3.4e38));

/** A text key (a manual-order key, a date): never an ISO time, so a time a timestamp refuses stays refused. */
const textKey = z
  .string()
  .max(limits.position)
  .refine((value) => !/^\d{4}-\d{2}-\d{2}T/.test(value));

const sortKeySchema = z.union([positionTime, z.boolean(), rank, textKey, z.null()]);
const payloadSchema = z.tuple([z.string().max(200), z.array(sortKeySchema).min(1).max(3), idSchema]);

export function encodeCursor(scope: string, position: CursorPosition): string {
  const keys = position.keys.map((key) => (key instanceof Date ? key.toISOString() : key));
  return Buffer.from(JSON.stringify([scope, keys, position.id])).toString('base64url');
}

function decode(cursor: string): { scope: string; position: CursorPosition } | null {
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    const [scope, keys, id] = parsed.data;
    return { scope, position: { keys, id } };
  } catch {
    return null;
  }
}

/** Input schema of a `cursor` field: a well-formed cursor, decoded (its scope is checked by `keysetPage`). */
export const cursorInput = z
  .string()
  .max(700)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'Invalid cursor' })
  .transform((cursor, ctx) => {
    const decoded = decode(cursor);
    if (!decoded) {
      ctx.addIssue({ code: 'custom', message: 'Invalid cursor' });
      return z.NEVER;
    }
    return decoded;
  });

export type DecodedCursor = z.output<typeof cursorInput>;

export function limitInput(max: number, fallback: number) {
  return z.number().int().min(1).max(max).default(fallback);
}
