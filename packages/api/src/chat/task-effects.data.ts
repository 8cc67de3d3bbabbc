import { newId } from '@taskchat/db';
import type { Database } from '../database.ts';
import type { TaskEffect } from './chat-events.ts';

/** Links what a turn did to tasks to the assistant message that did it. */
export async function insertTaskEffects(
  db: Database,
  userId: string,
  messageId: string,
  effects: TaskEffect[],
): Promise<void> {
  if (effects.length === 0) return;
  await db
    .insertInto('message_task_effects')
    .values(
      effects.map((effect) => ({
        id: newId(),
        message_id: messageId,
        user_id: userId,
        task_id: effect.taskId,
        action: effect.action,
        task_title: effect.taskTitle,
        created_at: new Date(),
      })),
    )
    .execute();
}

/** A message's task effects, in the order they happened. */
export async function listTaskEffects(db: Database, userId: string, messageId: string): Promise<TaskEffect[]> {
  const rows = await db
    .selectFrom('message_task_effects')
    .select(['task_id', 'action', 'task_title'])
    .where('message_id', '=', messageId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ taskId: row.task_id, action: row.action, taskTitle: row.task_title }));
}
