import { type Color, newId } from '@taskchat/db';
import type { Selectable } from 'kysely';
import { type Database, isUniqueViolation, type Tables } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';

/** Projects: every statement is scoped by the owner's id, so another user's project is a missing one. */

export interface ProjectOutput {
  id: string;
  name: string;
  color: Color;
  position: string;
  inbox: boolean;
  archived: boolean;
  /** The project's tasks that are neither done nor in the trash (subtasks included). */
  openTaskCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const PROJECT_COLUMNS = [
  'projects.id',
  'projects.name',
  'projects.color',
  'projects.position',
  'projects.inbox',
  'projects.archived_at',
  'projects.created_at',
  'projects.updated_at',
] as const;

type ProjectRow = Pick<
  Selectable<Tables['projects']>,
  'id' | 'name' | 'color' | 'position' | 'inbox' | 'archived_at' | 'created_at' | 'updated_at'
> & { open_task_count: number | string | null };

function toProjectOutput(row: ProjectRow): ProjectOutput {
  return {
    id: row.id,
    name: row.name,
    color: row.color as Color,
    position: row.position,
    inbox: row.inbox,
    archived: row.archived_at !== null,
    openTaskCount: Number(row.open_task_count ?? 0),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

const duplicateName = () => new DomainError('CONFLICT', 'name: you already have a project of this name');

/**
 * The user's projects with their open task counts, in one statement: the counts are one grouped
 * pass over the user's open tasks (the project-order index), joined to the projects.
 */
function projectsWithCounts(db: Database, userId: string) {
  const counts = db
    .selectFrom('tasks')
    .select((eb) => ['project_id', eb.fn.countAll<string>().as('open_task_count')])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('completed', '=', false)
    .groupBy('project_id');
  return db
    .selectFrom('projects')
    .leftJoin(counts.as('counts'), 'counts.project_id', 'projects.id')
    .select([...PROJECT_COLUMNS, 'counts.open_task_count'])
    .where('projects.user_id', '=', userId);
}

/** The Inbox first, then by position (ties by id); the archived ones or the others. */
export async function selectProjects(db: Database, userId: string, archived: boolean): Promise<ProjectOutput[]> {
  const rows = await projectsWithCounts(db, userId)
    .where('projects.archived_at', archived ? 'is not' : 'is', null)
    .orderBy('projects.inbox', 'desc')
    .orderBy('projects.position')
    .orderBy('projects.id')
    .execute();
  return rows.map(toProjectOutput);
}

/** One of the user's projects; NOT_FOUND when missing or another user's. */
export async function selectProject(db: Database, userId: string, id: string): Promise<ProjectOutput> {
  const row = await projectsWithCounts(db, userId).where('projects.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Project');
  return toProjectOutput(row);
}

/** How many projects the user has, the Inbox and archived ones included. */
export async function countProjects(db: Database, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The user's projects but the Inbox (archived ones included), in their order: where a project may be placed. */
export async function selectProjectOrder(db: Database, userId: string): Promise<{ id: string; position: string }[]> {
  return await db
    .selectFrom('projects')
    .select(['id', 'position'])
    .where('user_id', '=', userId)
    .where('inbox', '=', false)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Locks one of the user's projects for a change; undefined when the user has no such project. */
export async function findProjectForUpdate(
  db: Database,
  userId: string,
  id: string,
): Promise<{ id: string; name: string; inbox: boolean } | undefined> {
  return await db
    .selectFrom('projects')
    .select(['id', 'name', 'inbox'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

/** Whether one of the user's projects is their Inbox; undefined when the user has no such project. Takes no lock. */
export async function findProjectInbox(db: Database, userId: string, id: string): Promise<boolean | undefined> {
  const row = await db
    .selectFrom('projects')
    .select('inbox')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.inbox;
}

/** The id of the user's Inbox. */
export async function selectInboxId(db: Database, userId: string): Promise<string> {
  const row = await db
    .selectFrom('projects')
    .select('id')
    .where('user_id', '=', userId)
    .where('inbox', '=', true)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A new project of the user's; CONFLICT when the name is taken in any letter case. */
export async function insertProject(
  db: Database,
  userId: string,
  project: { name: string; color?: Color | undefined; position: string; archived?: boolean; createdAt?: Date },
): Promise<string> {
  const now = new Date();
  try {
    const row = await db
      .insertInto('projects')
      .values({
        id: newId(),
        user_id: userId,
        name: project.name,
        color: project.color ?? 'charcoal',
        position: project.position,
        inbox: false,
        archived_at: project.archived ? now : null,
        created_at: project.createdAt ?? now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error, 'projects_user_name_unique')) throw duplicateName();
    throw error;
  }
}

/**
 * Changes the given fields of one of the user's projects (undefined keeps a field); CONFLICT on a
 * taken name, NOT_FOUND when the user has no such project.
 */
export async function updateProjectFields(
  db: Database,
  userId: string,
  id: string,
  fields: { name?: string | undefined; color?: Color | undefined; position?: string | undefined; archived?: boolean },
): Promise<void> {
  try {
    const row = await db
      .updateTable('projects')
      // Kysely leaves out the fields whose value is undefined.
      .set({
        name: fields.name,
        color: fields.color,
        position: fields.position,
        archived_at: fields.archived === undefined ? undefined : fields.archived ? new Date() : null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('Project');
  } catch (error) {
    if (isUniqueViolation(error, 'projects_user_name_unique')) throw duplicateName();
    throw error;
  }
}

/** Writes new positions for several of the user's projects (a rebalance of their order). */
export async function setProjectPositions(
  db: Database,
  userId: string,
  positions: { id: string; position: string }[],
): Promise<void> {
  for (const { id, position } of positions) {
    await db.updateTable('projects').set({ position }).where('id', '=', id).where('user_id', '=', userId).execute();
  }
}

/**
 * Moves every task of the project into the user's Inbox and into the trash (one stamp for all, so
 * restoring a task brings back the subtasks trashed with it); tasks already in the trash keep
 * theirs. Returns how many tasks moved.
 */
export async function trashTasksOfProject(
  db: Database,
  userId: string,
  projectId: string,
  inboxId: string,
): Promise<number> {
  const result = await db
    .updateTable('tasks')
    .set((eb) => ({
      project_id: inboxId,
      deleted_at: eb.fn.coalesce('deleted_at', eb.fn<Date>('now')).$castTo<Date>(),
    }))
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes one of the user's projects (never the Inbox); NOT_FOUND when the user has no such project. */
export async function deleteProjectRow(db: Database, userId: string, id: string): Promise<void> {
  const row = await db
    .deleteFrom('projects')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('inbox', '=', false)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Project');
}
