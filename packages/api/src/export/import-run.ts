import type { Transaction } from 'kysely';
import type { ZodType } from 'zod';
import type { SignedInContext } from '../context.ts';
import { tryLockImportsOf } from '../conversations/imports.data.ts';
import { inTransaction, isStatementTimeout, limitStatementTime, type Tables } from '../database.ts';
import { DomainError } from '../errors.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';

/**
 * What every import of export lines shares (`conversations.import`, `tasks.import`): reading the
 * lines, naming the line of a bad one, and running the import bounded, so that no user's import
 * can starve the others of the connection pool.
 */

export const lineError = (line: number, message: string) => new DomainError('BAD_REQUEST', `Line ${line}: ${message}`);

/** How deep a line's JSON may nest (a tool call's input or output); far past anything a model sends. */
const MAX_DEPTH = 64;

/**
 * Why PostgreSQL could not store a line's values (jsonb refuses NUL and unpaired surrogates, deep
 * nesting would overflow the validators' stack), or null: walked without recursion.
 */
export function unstorable(value: unknown): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep`;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'NUL characters cannot be stored';
      if (!item.isWellFormed()) return 'unpaired surrogate characters cannot be stored';
    } else if (item && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) pending.push([key, depth + 1], [inner, depth + 1]);
    }
  }
  return null;
}

/** The line's value as the schema reads it; else BAD_REQUEST naming the line and the field. */
export function parseLine<T>(schema: ZodType<T>, value: unknown, line: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw lineError(line, `${where}${issue?.message ?? 'invalid'}`);
}

/** One non-blank line of the input, parsed as JSON and storable, with its number (from 1). */
export interface RawLine {
  line: number;
  value: { type?: unknown } & Record<string, unknown>;
}

/**
 * The input's non-blank lines as JSON values, in order; BAD_REQUEST naming the first line that is
 * no JSON object or holds what PostgreSQL cannot store, or when there are more than `maxLines`
 * (counted before anything is parsed).
 */
export function readLines(ndjson: string, maxLines = Number.POSITIVE_INFINITY): RawLine[] {
  const texts = ndjson.split('\n');
  if (texts.filter((text) => text.trim() !== '').length > maxLines) {
    throw new DomainError('BAD_REQUEST', `ndjson: at most ${maxLines} lines`);
  }
  const lines: RawLine[] = [];
  for (const [index, text] of texts.entries()) {
    const line = index + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw lineError(line, 'not a JSON object');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw lineError(line, 'not a JSON object');
    const refused = unstorable(value);
    if (refused) throw lineError(line, refused);
    lines.push({ line, value: value as RawLine['value'] });
  }
  return lines;
}

const importRunning = () =>
  new DomainError('TOO_MANY_REQUESTS', 'Another import of yours is running; try again when it ends', {
    retryAfterSeconds: 1,
  });
const importTooSlow = () =>
  new DomainError('TOO_MANY_REQUESTS', 'The import took too long and was not kept; try again shortly', {
    retryAfterSeconds: 5,
  });

/**
 * Runs `work` as one import of the caller's, in one transaction: all of it or, on any error,
 * nothing. One import of a user runs at a time, whatever its kind (a second is TOO_MANY_REQUESTS
 * while the first holds the user's import lock, taken before `work` parses anything, so a flood of
 * imports costs little), a user may start `IMPORTS_PER_MINUTE` a minute (every kind counts), and
 * every statement of `work` is bounded by `IMPORT_TIMEOUT` (past it, nothing is kept and the answer
 * is TOO_MANY_REQUESTS).
 */
export async function runImport<T>(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'imports'>,
  work: (tx: Transaction<Tables>) => Promise<T>,
): Promise<T> {
  const { userId } = ctx;
  await consumeRateLimit(
    ctx.db,
    `import:${userId}`,
    [{ windowMs: 60_000, max: ctx.imports.perMinute }],
    'Too many imports; try again later',
  );
  try {
    return await inTransaction(ctx.db, async (tx) => {
      if (!(await tryLockImportsOf(tx, userId))) throw importRunning();
      await limitStatementTime(tx, ctx.imports.statementTimeoutMs);
      return await work(tx);
    });
  } catch (error) {
    if (isStatementTimeout(error)) throw importTooSlow();
    throw error;
  }
}
