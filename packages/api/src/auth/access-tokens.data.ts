import { limits, newId } from '@taskchat/db';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { notFound } from '../errors.ts';
import { MCP_SCOPES, type McpScope } from '../mcp/mcp-scopes.ts';

/** A personal access token as its owner sees it: never its secret, which is shown once at creation. */
export interface AccessTokenOutput {
  id: string;
  name: string;
  /** What it may do on /mcp, in the order of `MCP_SCOPES`. */
  scopes: McpScope[];
  createdAt: Date;
  /** When /mcp last accepted it, to the minute; null until first used. */
  lastUsedAt: Date | null;
  /** Null: it never expires. */
  expiresAt: Date | null;
}

/** `last_used_at` is refreshed at most this often, so using a token does not turn every request into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

const OUTPUT_COLUMNS = ['id', 'name', 'scopes', 'created_at', 'last_used_at', 'expires_at'] as const;

interface AccessTokenRow {
  id: string;
  name: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

/** The stored scopes that Taskchat knows, in their canonical order (the CHECK constraint admits no others). */
const knownScopes = (stored: string[]): McpScope[] => MCP_SCOPES.filter((scope) => stored.includes(scope));

const toDate = (value: string | null) => (value === null ? null : new Date(value));

function toAccessTokenOutput(row: AccessTokenRow): AccessTokenOutput {
  return {
    id: row.id,
    name: row.name,
    scopes: knownScopes(row.scopes),
    createdAt: new Date(row.created_at),
    lastUsedAt: toDate(row.last_used_at),
    expiresAt: toDate(row.expires_at),
  };
}

/** A token that never expires, or not yet. */
const unexpired = (eb: ExpressionBuilder<Tables, 'access_tokens'>) =>
  eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', eb.fn<string>('now'))]);

/** Deletes the user's expired tokens: they can never be used again, and would pile up otherwise. */
export async function deleteExpiredAccessTokens(db: Database, userId: string): Promise<void> {
  await db
    .deleteFrom('access_tokens')
    .where('user_id', '=', userId)
    .where((eb) => eb('expires_at', '<=', eb.fn<string>('now')))
    .execute();
}

/** How many unexpired tokens the user holds, counted up to the cap (at most that many index entries read). */
export async function countAccessTokens(db: Database, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('access_tokens')
        .select('id')
        .where('user_id', '=', userId)
        .where(unexpired)
        .limit(limits.accessTokensPerUser)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Stores a new token of the user's by its secret's hash; answers it as its owner sees it. */
export async function insertAccessToken(
  db: Database,
  userId: string,
  fields: { name: string; scopes: McpScope[]; tokenHash: string; createdAt: Date; expiresAt: Date | null },
): Promise<AccessTokenOutput> {
  const row = await db
    .insertInto('access_tokens')
    .values({
      id: newId(),
      user_id: userId,
      name: fields.name,
      token_hash: fields.tokenHash,
      scopes: fields.scopes,
      created_at: fields.createdAt,
      last_used_at: null,
      expires_at: fields.expiresAt,
    })
    .returning(OUTPUT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toAccessTokenOutput(row);
}

/** The user's unexpired tokens, newest first (never more than the cap, so one list holds them all). */
export async function selectAccessTokens(db: Database, userId: string): Promise<AccessTokenOutput[]> {
  const rows = await db
    .selectFrom('access_tokens')
    .select(OUTPUT_COLUMNS)
    .where('user_id', '=', userId)
    .where(unexpired)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limits.accessTokensPerUser)
    .execute();
  return rows.map(toAccessTokenOutput);
}

/** Deletes one of the user's tokens: from then on /mcp refuses it. NOT_FOUND when it is not theirs (or already gone). */
export async function deleteAccessToken(db: Database, userId: string, id: string): Promise<void> {
  const { numDeletedRows } = await db
    .deleteFrom('access_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (numDeletedRows === 0n) throw notFound('Access token');
}

/** What /mcp needs of a token to act for its user. */
export interface UsableAccessToken {
  id: string;
  userId: string;
  name: string;
  scopes: McpScope[];
}

/**
 * The unexpired token whose secret hashes to `tokenHash`, or null (revoked tokens no longer
 * exist). Runs on every /mcp request: one lookup by the unique hash, and a write at most once a
 * minute per token to record its use.
 */
export async function useAccessToken(db: Database, tokenHash: string): Promise<UsableAccessToken | null> {
  const row = await db
    .selectFrom('access_tokens')
    .select(['id', 'user_id', 'name', 'scopes', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where(unexpired)
    .executeTakeFirst();
  if (!row) return null;
  if (row.last_used_at === null || Date.now() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
    await db.updateTable('access_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return { id: row.id, userId: row.user_id, name: row.name, scopes: knownScopes(row.scopes) };
}
