import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

/**
 * One completed occurrence of a recurring task: completing it records this and moves the task to
 * its next occurrence, so the task itself stays open.
 */
export const TaskCompletion = defineEntity({
  name: 'TaskCompletion',
  tableName: 'task_completions',
  properties: {
    id: idProperty(),
    task: () => p.manyToOne(Task).ref().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    /** The occurrence completed: its due date, and its time when it had one. */
    dueDate: p.date().nullable(),
    dueAt: p.datetime(3).nullable(),
    completedAt: timestampProperty(),
  },
  indexes: [
    // A task's history, latest first (and the cascade from tasks).
    {
      name: 'task_completions_task_idx',
      expression:
        'create index "task_completions_task_idx" on "task_completions" ("task_id", "completed_at" desc, "id" desc)',
    },
    { name: 'task_completions_user_idx', properties: ['user'] },
  ],
});

export type TaskCompletion = InferEntity<typeof TaskCompletion>;
