import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { DEFAULT_PRIORITY, lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { searchVectorSql } from '../rules/search.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty, updatedAtProperty } from './common-properties.ts';
import { Project } from './project.ts';
import { User } from './user.ts';

/**
 * A todo item, in one project, perhaps under a parent task of that project.
 *
 * Due: `due_date` alone is a floating date, due that day wherever the user is; with `due_at` the
 * task is due at that instant, and `due_date` is its day in the user's time zone (kept in step when
 * the zone changes), so every view reads one date column.
 */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    /** Left out on insert, the user's Inbox (a trigger fills it in). */
    project: () => p.manyToOne(Project).ref().deleteRule('cascade'),
    /** The task this one is a subtask of: same user, same project. */
    parent: () => p.manyToOne(Task).ref().nullable().deleteRule('cascade'),
    /** Manual order within the project: a fractional-indexing key, compared byte by byte; ties go by id. */
    position: p.string().length(limits.position).collation('C').default('a0'),
    title: p.string().length(limits.taskTitle),
    description: p.string().length(limits.taskDescription).nullable(),
    completed: p.boolean().default(false),
    /** When the task was completed; on a recurring task (which stays open), its latest completion. */
    completedAt: p.datetime(3).nullable(),
    dueDate: p.date().nullable(),
    dueAt: p.datetime(3).nullable(),
    /** A hard date the task must be done by, apart from when it is planned (`due`). */
    deadline: p.date().nullable(),
    priority: p.smallint().default(DEFAULT_PRIORITY),
    /** An RFC 5545 RRULE (without `RRULE:`), read in the user's time zone from the due date. */
    recurrence: p.string().length(limits.recurrence).nullable(),
    /** tasks.import: the id the task had in the export it came from (one task per user per exported one). */
    clientId: p.uuid().nullable(),
    /** In the trash since then, invisible to everything but the trash; purged after the retention period. */
    deletedAt: p.datetime(3).nullable(),
    /** The title's and description's words for `tasks.search` (`rules/search.ts`). */
    searchVector: p
      .string()
      .columnType('tsvector')
      .generated(`(${searchVectorSql(`title || ' ' || coalesce(description, '')`)}) stored`)
      .nullable(),
    createdAt: timestampProperty(),
    updatedAt: updatedAtProperty(),
  },
  checks: [
    { name: 'tasks_title_check', expression: `${lengthSql('title', 1, limits.taskTitle)} and ${notBlankSql('title')}` },
    {
      name: 'tasks_description_check',
      expression: `description is null or char_length(description) <= ${limits.taskDescription}`,
    },
    { name: 'tasks_priority_check', expression: 'priority >= 1 and priority <= 4' },
    { name: 'tasks_due_check', expression: 'due_at is null or due_date is not null' },
    { name: 'tasks_recurrence_check', expression: 'recurrence is null or due_date is not null' },
    { name: 'tasks_completed_check', expression: 'not completed or completed_at is not null' },
    { name: 'tasks_parent_check', expression: 'parent_id is null or parent_id <> id' },
    { name: 'tasks_position_check', expression: lengthSql('position', 1, limits.position) },
  ],
  uniques: [
    // tasks.import: one task per user per exported one.
    { name: 'tasks_user_client_id_unique', properties: ['user', 'clientId'] },
  ],
  indexes: [
    // tasks.list({ view: 'all' }): a user's tasks newest first (also serves the cascade from users).
    {
      name: 'tasks_user_recent_idx',
      expression: 'create index "tasks_user_recent_idx" on "tasks" ("user_id", "created_at" desc, "id" desc)',
    },
    // The Inbox and project views: a project's open tasks in manual order.
    {
      name: 'tasks_user_project_order_idx',
      expression:
        'create index "tasks_user_project_order_idx" on "tasks" ("user_id", "project_id", "position", "id") where "deleted_at" is null and not "completed"',
    },
    // Today, upcoming and overdue: open tasks with a due date, by date then time (date-only first).
    {
      name: 'tasks_user_due_idx',
      expression:
        'create index "tasks_user_due_idx" on "tasks" ("user_id", "due_date", "due_at" nulls first, "id") where "deleted_at" is null and not "completed" and "due_date" is not null',
    },
    // The done view: completed tasks, latest first.
    {
      name: 'tasks_user_done_idx',
      expression:
        'create index "tasks_user_done_idx" on "tasks" ("user_id", "completed_at" desc, "id" desc) where "deleted_at" is null and "completed"',
    },
    // tasks.trash: a user's trash, most recently deleted first.
    {
      name: 'tasks_user_trash_idx',
      expression:
        'create index "tasks_user_trash_idx" on "tasks" ("user_id", "deleted_at" desc, "id" desc) where "deleted_at" is not null',
    },
    // The purge job: whatever has been in the trash too long, whoever owns it.
    {
      name: 'tasks_trash_expiry_idx',
      expression: 'create index "tasks_trash_expiry_idx" on "tasks" ("deleted_at") where "deleted_at" is not null',
    },
    // A task's subtasks (and the cascade from a parent).
    {
      name: 'tasks_parent_idx',
      expression: 'create index "tasks_parent_idx" on "tasks" ("parent_id") where "parent_id" is not null',
    },
    // Moving a project's tasks when it is deleted, and the cascade from projects.
    { name: 'tasks_project_idx', properties: ['project'] },
    // tasks.search: the caller's tasks whose title or description holds the words.
    {
      name: 'tasks_user_search_idx',
      expression: 'create index "tasks_user_search_idx" on "tasks" using gin ("user_id", "search_vector")',
    },
  ],
  triggers: [
    {
      // Before the row is checked: a task inserted without a project goes to its owner's Inbox.
      name: 'tasks_default_project',
      timing: 'before',
      events: ['insert'],
      forEach: 'row',
      body: `if new.project_id is null then
        select id into new.project_id from projects where user_id = new.user_id and inbox;
      end if;
      return new;`,
    },
    // tasks.onChange: what happened to one of the owner's tasks (`a`). Moving to the trash reads as
    // `deleted`, restoring as `restored`; nothing done inside the trash is announced.
    notifyTrigger('notify_task_created', ['insert'], `'task'`, { u: 'new.user_id', t: 'new.id', a: `'created'` }),
    notifyTrigger(
      'notify_task_changed',
      ['update'],
      `'task'`,
      {
        u: 'new.user_id',
        t: 'new.id',
        a: `case
          when old.deleted_at is null and new.deleted_at is not null then 'deleted'
          when old.deleted_at is not null and new.deleted_at is null then 'restored'
          when new.completed_at is not null and new.completed_at is distinct from old.completed_at then 'completed'
          when (old.project_id, old.parent_id, old.position) is distinct from (new.project_id, new.parent_id, new.position) then 'moved'
          else 'updated'
        end`,
      },
      'old.deleted_at is null or new.deleted_at is null',
    ),
    notifyTrigger(
      'notify_task_deleted',
      ['delete'],
      `'task'`,
      { u: 'old.user_id', t: 'old.id', a: `'deleted'` },
      'old.deleted_at is null',
    ),
  ],
});

export type Task = InferEntity<typeof Task>;
