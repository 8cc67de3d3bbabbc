import { type Color, newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import { DomainError } from '../errors.ts';

/** Labels on tasks: every statement carries the owner's id. */

const byName = (a: string, b: string) => {
  const lower = a.toLowerCase().localeCompare(b.toLowerCase());
  return lower !== 0 ? lower : a < b ? -1 : a > b ? 1 : 0;
};

/** The label names of each of the tasks, sorted case-insensitively: one statement for all of them. */
export async function selectLabelNames(
  db: Database,
  userId: string,
  taskIds: string[],
): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('task_labels')
    .innerJoin('labels', 'labels.id', 'task_labels.label_id')
    .select(['task_labels.task_id', 'labels.name'])
    .where('task_labels.user_id', '=', userId)
    .where('labels.user_id', '=', userId)
    .where('task_labels.task_id', 'in', taskIds)
    .execute();
  const names = new Map<string, string[]>();
  for (const row of rows) names.set(row.task_id, [...(names.get(row.task_id) ?? []), row.name]);
  for (const list of names.values()) list.sort(byName);
  return names;
}

/** Each name once, case-insensitively (the first spelling wins). */
export function distinctNames(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

/**
 * The ids of the user's labels of these names, creating those missing (as spelled here). Run with
 * the user's row locked (`lockUserForCreation`), so the cap counted here holds against racing
 * creations; past it, BAD_REQUEST naming `labels`.
 */
export async function ensureLabels(
  db: Database,
  userId: string,
  names: readonly string[],
  cap: number,
  /** The colors of new labels, by lower-case name (`tasks.import`); the default color otherwise. */
  colors?: ReadonlyMap<string, Color>,
): Promise<string[]> {
  const wanted = distinctNames(names);
  if (wanted.length === 0) return [];
  const lower = wanted.map((name) => name.toLowerCase());
  const existing = await db
    .selectFrom('labels')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .where((eb) => eb(eb.fn('lower', ['name']), 'in', lower))
    .execute();
  const known = new Map(existing.map((row) => [row.name.toLowerCase(), row.id]));
  const missing = wanted.filter((name) => !known.has(name.toLowerCase()));
  if (missing.length > 0) {
    const count = await db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(count.count) + missing.length > cap) {
      throw new DomainError('BAD_REQUEST', `labels: you have reached the limit of ${cap} labels`);
    }
    const inserted = await db
      .insertInto('labels')
      .values(
        missing.map((name) => ({
          id: newId(),
          user_id: userId,
          name,
          color: colors?.get(name.toLowerCase()),
          created_at: new Date(),
        })),
      )
      .returning(['id', 'name'])
      .execute();
    for (const row of inserted) known.set(row.name.toLowerCase(), row.id);
  }
  return lower.map((name) => known.get(name) as string);
}

/** Makes the task's labels exactly these (by id). */
export async function replaceTaskLabels(
  db: Database,
  userId: string,
  taskId: string,
  labelIds: string[],
): Promise<void> {
  await db.deleteFrom('task_labels').where('task_id', '=', taskId).where('user_id', '=', userId).execute();
  if (labelIds.length === 0) return;
  await db
    .insertInto('task_labels')
    .values(labelIds.map((labelId) => ({ task_id: taskId, label_id: labelId, user_id: userId })))
    .execute();
}
