import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { limits } from '../rules/limits.ts';
import { TASK_ACTIONS } from '../rules/message-parts.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

/**
 * A task an assistant message added, changed, completed or deleted: the audit trail of the chat.
 * The task's id is kept without a foreign key and its title is copied, so the record outlives a
 * deleted task; deleting the conversation removes the record, never the task.
 */
export const MessageTaskEffect = defineEntity({
  name: 'MessageTaskEffect',
  tableName: 'message_task_effects',
  properties: {
    id: idProperty(),
    message: () => p.manyToOne(Message).ref().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    taskId: p.uuid(),
    action: p.enum(TASK_ACTIONS),
    taskTitle: p.string().length(limits.taskTitle),
    /** What changed, in words ("due Tue 8 Dec", "renamed from “milk”"); null on records older than it. */
    change: p.string().length(500).nullable(),
    /** The task as it was before the change (null for an add): what an undo puts back. */
    before: p.json<Record<string, unknown>>().nullable(),
    /** When an undo reverted this change; a change is undone at most once. */
    undoneAt: p.datetime(3).nullable(),
    /** On the changes an undo made: the message whose changes they reverted (an undo is not undone in turn). */
    undoes: p.uuid().nullable(),
    createdAt: timestampProperty(),
  },
  indexes: [
    // A message's effects, shown with it.
    { name: 'message_task_effects_message_idx', properties: ['message'] },
    // Deleting a user cascades here without scanning the table.
    { name: 'message_task_effects_user_idx', properties: ['user'] },
  ],
});

export type MessageTaskEffect = InferEntity<typeof MessageTaskEffect>;
