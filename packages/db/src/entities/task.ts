import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { idProperty, timestampProperty, updatedAtProperty } from './common-properties.ts';
import { User } from './user.ts';

/** A todo item. */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    title: p.string().length(limits.taskTitle),
    description: p.string().length(limits.taskDescription).nullable(),
    completed: p.boolean().default(false),
    createdAt: timestampProperty(),
    updatedAt: updatedAtProperty(),
  },
  checks: [
    { name: 'tasks_title_check', expression: `${lengthSql('title', 1, limits.taskTitle)} and ${notBlankSql('title')}` },
    {
      name: 'tasks_description_check',
      expression: `description is null or char_length(description) <= ${limits.taskDescription}`,
    },
  ],
  indexes: [
    // tasks.list with status 'all': a user's tasks newest first (also serves the cascade from users).
    {
      name: 'tasks_user_recent_idx',
      expression: 'create index "tasks_user_recent_idx" on "tasks" ("user_id", "created_at" desc, "id" desc)',
    },
    // tasks.list with status 'open' or 'done': a user's tasks of that status, newest first.
    {
      name: 'tasks_user_status_recent_idx',
      // Raw SQL: MikroORM's introspection drops the DESC of the last column and would diff forever.
      expression:
        'create index "tasks_user_status_recent_idx" on "tasks" ("user_id", "completed", "created_at" desc, "id" desc)',
    },
  ],
});

export type Task = InferEntity<typeof Task>;
