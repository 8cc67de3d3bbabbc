import type { Database } from '../../database.ts';

export interface ProjectRef {
  id: string;
  name: string;
  inbox: boolean;
  archived: boolean;
}

/**
 * The user's projects by id and name, archived ones too (a tool names a task's project, and may
 * list an archived one): bounded by PROJECTS_PER_USER, with none of `projects.list`'s counts.
 */
export async function selectProjectRefs(db: Database, userId: string): Promise<ProjectRef[]> {
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'name', 'inbox', 'archived_at'])
    .where('user_id', '=', userId)
    .orderBy('inbox', 'desc')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, inbox: row.inbox, archived: row.archived_at !== null }));
}
