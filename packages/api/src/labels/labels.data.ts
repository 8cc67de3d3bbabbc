import type { Color } from '@taskchat/db';
import type { Database } from '../database.ts';

export interface LabelOutput {
  id: string;
  name: string;
  color: Color;
  /** Open tasks (not in the trash) carrying it. */
  openTaskCount: number;
}

/** The user's labels by name (case-insensitively), each with its open tasks counted: one statement, bounded by LABELS_PER_USER. */
export async function selectLabels(db: Database, userId: string): Promise<LabelOutput[]> {
  const rows = await db
    .selectFrom('labels')
    .leftJoin('task_labels', (join) =>
      join.onRef('task_labels.label_id', '=', 'labels.id').on('task_labels.user_id', '=', userId),
    )
    .leftJoin('tasks', (join) =>
      join
        .onRef('tasks.id', '=', 'task_labels.task_id')
        .on('tasks.user_id', '=', userId)
        .on('tasks.completed', '=', false)
        .on('tasks.deleted_at', 'is', null),
    )
    .select(['labels.id', 'labels.name', 'labels.color'])
    .select((eb) => eb.fn.count<string>('tasks.id').as('open_task_count'))
    .where('labels.user_id', '=', userId)
    .groupBy(['labels.id', 'labels.name', 'labels.color'])
    .orderBy((eb) => eb.fn('lower', ['labels.name']))
    .orderBy('labels.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    color: row.color as Color,
    openTaskCount: Number(row.open_task_count),
  }));
}

/** The names of the user's labels by name (case-insensitively), without counts (a chat turn's prompt). */
export async function selectLabelNamesOf(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('labels')
    .select('name')
    .where('user_id', '=', userId)
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}
