import { newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import { type Database, isUniqueViolation, type Tables } from '../database.ts';
import { DomainError } from '../errors.ts';

/** A user as the API returns it: never the password hash. */
export interface UserOutput {
  id: string;
  email: string;
  name: string | null;
  /** The IANA zone "today", floating due dates and recurrence are read in. */
  timeZone: string;
  createdAt: Date;
  updatedAt: Date;
}

const USER_COLUMNS = ['id', 'email', 'name', 'time_zone', 'created_at', 'updated_at'] as const;
type UserRow = Pick<Selectable<Tables['users']>, (typeof USER_COLUMNS)[number]>;

export function toUserOutput(row: UserRow): UserOutput {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    timeZone: row.time_zone,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** CONFLICT when the email is taken in any letter case (the unique index is on lower(email)). */
export async function insertUser(
  db: Database,
  user: { email: string; passwordHash: string; name: string | null; timeZone?: string | undefined },
): Promise<UserOutput> {
  const now = new Date();
  try {
    const row = await db
      .insertInto('users')
      .values({
        id: newId(),
        email: user.email,
        password_hash: user.passwordHash,
        name: user.name,
        time_zone: user.timeZone ?? 'UTC',
        created_at: now,
        updated_at: now,
      })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    return toUserOutput(row);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_lower_unique')) {
      throw new DomainError('CONFLICT', 'An account with this email already exists');
    }
    throw error;
  }
}

/** The user with this email (any case) and their password hash, for signing in; `email` is lowercase. */
export async function findUserForSignIn(
  db: Database,
  email: string,
): Promise<{ user: UserOutput; passwordHash: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    // lower(email): the expression the unique index covers.
    .where((eb) => eb(eb.fn<string>('lower', ['email']), '=', email))
    .executeTakeFirst();
  return row && { user: toUserOutput(row), passwordHash: row.password_hash };
}

/** The user's password hash, for checking a re-entered password. */
export async function findPasswordHash(db: Database, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash;
}

export async function setPasswordHash(db: Database, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/**
 * Replaces the user's password hash with another of the same password (a rehash), only while the
 * stored one is still `from`: a password changed meanwhile stays changed. Not a change the user
 * made, so `updated_at` stays.
 */
export async function replacePasswordHash(
  db: Database,
  userId: string,
  hashes: { from: string; to: string },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hashes.to })
    .where('id', '=', userId)
    .where('password_hash', '=', hashes.from)
    .execute();
}

/** Deletes the user; the foreign keys cascade to every row they own. */
export async function deleteUser(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/**
 * Locks the user's row until the transaction ends: what is counted under it against a per-user
 * cap (projects, access tokens, share links) and made in the same transaction cannot be passed
 * by racing requests. FOR NO KEY UPDATE: the user's other inserts (their foreign keys take KEY
 * SHARE) are not held up by it.
 */
export async function lockUserRow(tx: Database, userId: string): Promise<void> {
  await tx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/** Locks the user's row for a profile change and answers their current time zone. */
export async function lockUserProfile(tx: Database, userId: string): Promise<{ timeZone: string }> {
  const row = await tx
    .selectFrom('users')
    .select('time_zone')
    .where('id', '=', userId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone };
}

/** Sets the given profile fields (undefined keeps one; a null name clears it) and answers the user. */
export async function updateUserProfile(
  db: Database,
  userId: string,
  fields: { name?: string | null | undefined; timeZone?: string | undefined },
): Promise<UserOutput> {
  const row = await db
    .updateTable('users')
    // Kysely leaves out the fields whose value is undefined.
    .set({ name: fields.name, time_zone: fields.timeZone, updated_at: new Date() })
    .where('id', '=', userId)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUserOutput(row);
}
