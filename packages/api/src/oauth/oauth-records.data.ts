import { idSchema } from '@taskchat/db';
import { sql } from 'kysely';
import type { Database } from '../database.ts';

/**
 * The OAuth server's store (oidc-provider's adapter interface): records by kind and id. The ids of
 * codes and tokens are their secrets, so finding one by id is the check, as a session's hash is;
 * the account a record belongs to is kept in `user_id`, so deleting the account deletes them.
 */

/** What oidc-provider stores: its own JSON, with the fields the columns are filled from. */
export interface OAuthPayload extends Record<string, unknown> {
  accountId?: string;
  grantId?: string;
  uid?: string;
  consumed?: number;
}

/** A string PostgreSQL's JSON holds: no NUL character, no lone surrogate (a hostile client's metadata may carry either). */
const storableText = (text: string) => text.replaceAll('\u0000', '').toWellFormed();

/** `value` with every string and key made storable, so a hostile registration is stored cleaned, not a failure. */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [storableText(key), storableJson(member)]));
}

/** An id a request brought (a code, a token, a client id) that could never have been stored: PostgreSQL text holds no NUL. */
const unstorable = (id: string) => id.includes('\u0000');

const unexpired = sql<boolean>`(expires_at is null or expires_at > now())`;

/** Stores a record, or replaces it; `expiresInSeconds` null: it does not expire. */
export async function upsertOAuthRecord(
  db: Database,
  model: string,
  id: string,
  payload: OAuthPayload,
  expiresInSeconds: number | null,
): Promise<void> {
  // An account id is a user's id; a record with none yet (a client, a consent in progress) has no owner.
  const accountId = idSchema.safeParse(payload.accountId).data ?? null;
  const row = {
    model,
    id,
    payload: JSON.stringify(storableJson(payload)) as unknown as Record<string, unknown>,
    user_id: accountId,
    grant_id: model === 'Grant' ? id : (payload.grantId ?? null),
    uid: payload.uid ?? null,
    // On the database's clock, as every other expiry.
    expires_at:
      expiresInSeconds === null ? null : sql<Date>`now() + make_interval(secs => ${expiresInSeconds})`.$castTo<Date>(),
  };
  await db
    .insertInto('oauth_records')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['model', 'id']).doUpdateSet({
        payload: row.payload,
        user_id: row.user_id,
        grant_id: row.grant_id,
        uid: row.uid,
        expires_at: row.expires_at,
      }),
    )
    .execute();
}

/** A record that has not expired, by its id or (a browser session) its uid; undefined when there is none. */
export async function findOAuthRecord(
  db: Database,
  model: string,
  by: { id: string } | { uid: string },
): Promise<OAuthPayload | undefined> {
  const [column, value] = 'id' in by ? (['id', by.id] as const) : (['uid', by.uid] as const);
  if (unstorable(value)) return undefined;
  const row = await db
    .selectFrom('oauth_records')
    .select('payload')
    .where('model', '=', model)
    .where(column, '=', value)
    .where(unexpired)
    .executeTakeFirst();
  return row?.payload as OAuthPayload | undefined;
}

/**
 * Marks a code or refresh token used, once: false when it already was (two requests racing with
 * the same code or refresh token), so only one of them gets tokens. oidc-provider refuses a used
 * one from then on, and revokes its grant when it is presented again.
 */
export async function consumeOAuthRecord(db: Database, model: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('oauth_records')
    // oidc-provider reads `consumed` (seconds since the epoch) from the payload.
    .set({ payload: sql`payload || jsonb_build_object('consumed', floor(extract(epoch from now()))::bigint)` })
    .where('model', '=', model)
    .where('id', '=', id)
    .where((eb) => eb(eb.ref('payload', '->').key('consumed'), 'is', null))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function destroyOAuthRecord(db: Database, model: string, id: string): Promise<void> {
  await db.deleteFrom('oauth_records').where('model', '=', model).where('id', '=', id).execute();
}

/** Deletes the records of one kind issued under a grant (oidc-provider revokes kind by kind: a replayed code, a revoked token). */
export async function revokeOAuthRecordsOfGrant(db: Database, model: string, grantId: string): Promise<void> {
  await db.deleteFrom('oauth_records').where('model', '=', model).where('grant_id', '=', grantId).execute();
}

/** A registered client that no one connected within this long is deleted (registration is open to anyone). */
const UNUSED_CLIENT_DAYS = 1;

/**
 * Deletes the records that have expired, and the clients registered over a day ago under which
 * no grant was ever made (the trash purge's schedule runs it); how many went.
 */
export async function deleteExpiredOAuthRecords(db: Database): Promise<number> {
  const expired = await db.deleteFrom('oauth_records').where('expires_at', '<=', sql<string>`now()`).executeTakeFirst();
  const unusedClients = await db
    .deleteFrom('oauth_records as client')
    .where('client.model', '=', 'Client')
    // A client with no grant made from it, registered long enough ago to have been used.
    .where('client.created_at', '<', sql<string>`now() - make_interval(days => ${UNUSED_CLIENT_DAYS})`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('oauth_records as grant')
            .select('grant.id')
            .where('grant.model', '=', 'Grant')
            .where((eb) => eb(eb.ref('grant.payload', '->>').key('clientId'), '=', eb.ref('client.id'))),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(expired.numDeletedRows) + Number(unusedClients.numDeletedRows);
}

/** The shared secret `name`, made by `make` and stored by the first process to ask; every process reads the same. */
export async function sharedOAuthSecret<Value>(
  db: Database,
  name: 'jwks' | 'cookie-keys',
  make: () => Value,
): Promise<Value> {
  const stored = db.selectFrom('oauth_secrets').select('value').where('name', '=', name);
  // Made only when missing (an RSA key takes a while): every start after the first reads it.
  const found = await stored.executeTakeFirst();
  if (found) return found.value as Value;
  await db
    .insertInto('oauth_secrets')
    .values({ name, value: JSON.stringify(make()) })
    // Two processes starting at once: the first one's stays, and both read it.
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  return (await stored.executeTakeFirstOrThrow()).value as Value;
}
