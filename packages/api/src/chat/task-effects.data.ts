import { newId, type TaskAction } from '@taskchat/db';
import { type Database, jsonb } from '../database.ts';
import type { TaskEffect } from './chat-events.ts';
import type { TaskSnapshot } from './task-snapshot.ts';

/**
 * What turns did to tasks (`message_task_effects`), linked to the assistant message that did it.
 * Every statement carries the owner's id; a message in a conversation in the trash is as gone as
 * its conversation.
 */

/** A change as recorded: the public effect and, kept here only, the task as it was (null for an add). */
export interface RecordedEffect extends TaskEffect {
  before: TaskSnapshot | null;
}

/** The effect as clients see it (`before` stays on the server). */
export function publicEffect({ before: _before, ...effect }: RecordedEffect): TaskEffect {
  return effect;
}

const EFFECT_COLUMNS = ['task_id', 'action', 'task_title', 'change', 'undone_at', 'undoes'] as const;

function toEffect(row: {
  task_id: string;
  action: TaskAction;
  task_title: string;
  change: string | null;
  undone_at: string | null;
  undoes: string | null;
}): TaskEffect {
  return {
    taskId: row.task_id,
    action: row.action,
    taskTitle: row.task_title,
    change: row.change,
    undoneAt: row.undone_at === null ? null : new Date(row.undone_at),
    undoes: row.undoes,
  };
}

/** Links what a turn did to tasks to the assistant message that did it, in the order it happened. */
export async function insertTaskEffects(
  db: Database,
  userId: string,
  messageId: string,
  effects: RecordedEffect[],
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
        change: effect.change,
        before: effect.before === null ? null : jsonb(effect.before),
        undone_at: effect.undoneAt,
        undoes: effect.undoes,
        created_at: new Date(),
      })),
    )
    .execute();
}

/** A message's task effects, in the order they happened. */
export async function listTaskEffects(db: Database, userId: string, messageId: string): Promise<TaskEffect[]> {
  const rows = await db
    .selectFrom('message_task_effects')
    .select(EFFECT_COLUMNS)
    .where('message_id', '=', messageId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map(toEffect);
}

/** The user's messages among these ids whose conversation is not in the trash. */
function usersLiveMessages(db: Database, userId: string) {
  return db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .where('messages.user_id', '=', userId)
    .where('conversations.user_id', '=', userId)
    .where('conversations.deleted_at', 'is', null);
}

/**
 * The task effects of each of the user's messages among `messageIds` (none for a message that
 * changed nothing), in the order asked; messages that are not the user's, or are in the trash
 * with their conversation, are left out. Two statements whatever the number of messages.
 */
export async function selectEffectsOfMessages(
  db: Database,
  userId: string,
  messageIds: string[],
): Promise<{ messageId: string; effects: TaskEffect[] }[]> {
  const found = await usersLiveMessages(db, userId)
    .select('messages.id')
    .where('messages.id', 'in', messageIds)
    .execute();
  if (found.length === 0) return [];
  const ids = new Set(found.map((row) => row.id));
  const rows = await db
    .selectFrom('message_task_effects')
    .select(['message_id', ...EFFECT_COLUMNS])
    .where('user_id', '=', userId)
    .where('message_id', 'in', [...ids])
    .orderBy('id')
    .execute();
  const effects = new Map<string, TaskEffect[]>([...ids].map((id) => [id, []]));
  for (const row of rows) effects.get(row.message_id)?.push(toEffect(row));
  return [...new Set(messageIds)].flatMap((id) => {
    const list = effects.get(id);
    return list ? [{ messageId: id, effects: list }] : [];
  });
}

/** Whether the message is one of the user's, in a conversation not in the trash. */
export async function messageExists(db: Database, userId: string, messageId: string): Promise<boolean> {
  const row = await usersLiveMessages(db, userId)
    .select('messages.id')
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface UndoableEffect {
  id: string;
  taskId: string;
  action: TaskAction;
  taskTitle: string;
  /** Unchecked jsonb: the reverting code reads it through `taskSnapshotSchema`. */
  before: unknown;
  undoneAt: Date | null;
}

/**
 * Locks the message's own changes (not an undo's reversals) until the transaction ends, in the
 * order they happened, undone ones included: two undos of one message take them one at a time,
 * and the second sees the first's `undone_at`.
 */
export async function lockMessageChanges(tx: Database, userId: string, messageId: string): Promise<UndoableEffect[]> {
  const rows = await tx
    .selectFrom('message_task_effects')
    .select(['id', 'task_id', 'action', 'task_title', 'before', 'undone_at'])
    .where('message_id', '=', messageId)
    .where('user_id', '=', userId)
    .where('undoes', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    taskId: row.task_id,
    action: row.action,
    taskTitle: row.task_title,
    before: row.before,
    undoneAt: row.undone_at === null ? null : new Date(row.undone_at),
  }));
}

/** Marks these effects of the user's as undone. */
export async function markEffectsUndone(tx: Database, userId: string, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('message_task_effects')
    .set({ undone_at: at })
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * The conversation's latest message with changes not undone yet (an undo's own reversals do not
 * count, so undoing twice goes further back); undefined when there is none.
 */
export async function findLatestUndoableMessage(
  db: Database,
  userId: string,
  conversationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('messages')
    .select('messages.id')
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.user_id', '=', userId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('message_task_effects')
          .select('message_task_effects.id')
          .whereRef('message_task_effects.message_id', '=', 'messages.id')
          .where('message_task_effects.user_id', '=', userId)
          .where('message_task_effects.undoes', 'is', null)
          .where('message_task_effects.undone_at', 'is', null),
      ),
    )
    .orderBy('messages.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
