import { generateNKeysBetween } from 'fractional-indexing';
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';

/**
 * A project's manual order: `(position, id)`, position a fractional-indexing key compared byte by
 * byte (collate "C"). Writes of positions in a project happen with its row locked (`lockProject`).
 */

/**
 * Locks one of the user's projects until the transaction ends, so moves and creations in it are
 * serialised and two never compute the same key; NOT_FOUND when it is not the user's.
 */
export async function lockProject(tx: Database, userId: string, projectId: string): Promise<{ archived: boolean }> {
  const row = await tx
    .selectFrom('projects')
    .select('archived_at')
    .where('id', '=', projectId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Project');
  return { archived: row.archived_at !== null };
}

/** The user's Inbox. */
export async function selectInboxId(db: Database, userId: string): Promise<string> {
  const row = await db
    .selectFrom('projects')
    .select('id')
    .where('user_id', '=', userId)
    .where('inbox', '=', true)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The last key of the project's tasks (the trash left out), or null when it has none. */
export async function selectLastPosition(db: Database, userId: string, projectId: string): Promise<string | null> {
  const row = await db
    .selectFrom('tasks')
    .select('position')
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .orderBy('position', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.position ?? null;
}

export interface Placed {
  id: string;
  position: string;
}

/** A task of the project (not trashed) by id; NOT_FOUND when it is not one of the user's there. */
export async function selectPlaced(db: Database, userId: string, projectId: string, id: string): Promise<Placed> {
  const row = await db
    .selectFrom('tasks')
    .select(['id', 'position'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('Task');
  return row;
}

/** The task next to `anchor` in the project's order (`before` it or `after` it), leaving `except` out. */
export async function selectNeighbour(
  db: Database,
  userId: string,
  projectId: string,
  anchor: Placed,
  side: 'before' | 'after',
  except: string,
): Promise<Placed | null> {
  const comparison = side === 'before' ? '<' : '>';
  const direction = side === 'before' ? 'desc' : 'asc';
  const row = await db
    .selectFrom('tasks')
    .select(['id', 'position'])
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .where('id', '<>', except)
    // A row comparison: the builder has no tuple comparison with bind parameters on both sides.
    .where(sql<boolean>`(position, id) ${sql.raw(comparison)} (${anchor.position}, ${anchor.id})`)
    .orderBy('position', direction)
    .orderBy('id', direction)
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The project's tasks (not trashed) in order, their ids only, for renumbering. */
export async function selectOrderedIds(db: Database, userId: string, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Gives the tasks these keys, in one statement. */
export async function writePositions(db: Database, userId: string, ids: string[], keys: string[]): Promise<void> {
  if (ids.length === 0) return;
  // unnest pairs each id with its key in one statement; the builder has no update-from-values.
  await sql`update tasks set position = renumbered.key from unnest(${ids}::uuid[], ${keys}::text[]) as renumbered(id, key) where tasks.id = renumbered.id and tasks.user_id = ${userId}`.execute(
    db,
  );
}

/** Moves the task (and, with `withSubtasks`, every task under it) to the project; the task gets parent and key. */
export async function placeTask(
  db: Database,
  userId: string,
  id: string,
  place: { projectId: string; parentId: string | null; position: string; descendants: string[] },
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ project_id: place.projectId, parent_id: place.parentId, position: place.position, updated_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .execute();
  if (place.descendants.length === 0) return;
  await db
    .updateTable('tasks')
    .set({ project_id: place.projectId, updated_at: new Date() })
    .where('id', 'in', place.descendants)
    .where('user_id', '=', userId)
    .where('project_id', '<>', place.projectId)
    .execute();
}

/** The names of the user's projects that are not archived (quick add's `#project`). */
export async function selectProjectNames(db: Database, userId: string): Promise<{ id: string; name: string }[]> {
  return await db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * Gives the project's tasks fresh, evenly spread keys in their current order (ties and keys
 * fractional-indexing cannot read, such as raw inserts' shared 'a0', are gone after it). Run with
 * the project locked.
 */
export async function renumberProject(db: Database, userId: string, projectId: string): Promise<void> {
  const ids = await selectOrderedIds(db, userId, projectId);
  await writePositions(db, userId, ids, generateNKeysBetween(null, null, ids.length));
}
