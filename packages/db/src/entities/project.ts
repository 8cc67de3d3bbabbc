import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { COLORS, DEFAULT_COLOR, lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { idProperty, timestampProperty, updatedAtProperty } from './common-properties.ts';
import { User } from './user.ts';

/**
 * A list of tasks. Every user has exactly one Inbox (made by a trigger on `users`, so every way a
 * user comes to be has one), where tasks without a project go; it cannot be renamed, archived or
 * deleted.
 */
export const Project = defineEntity({
  name: 'Project',
  tableName: 'projects',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    name: p.string().length(limits.projectName),
    color: p.enum(COLORS).default(DEFAULT_COLOR),
    /** The project's place in the user's list: a fractional-indexing key, compared byte by byte. */
    position: p.string().length(limits.position).collation('C').default('a0'),
    inbox: p.boolean().default(false),
    /** Archived projects are listed apart and their tasks are out of every view but the project's own. */
    archivedAt: p.datetime(3).nullable(),
    createdAt: timestampProperty(),
    updatedAt: updatedAtProperty(),
  },
  checks: [
    {
      name: 'projects_name_check',
      expression: `${lengthSql('name', 1, limits.projectName)} and ${notBlankSql('name')}`,
    },
    { name: 'projects_inbox_active_check', expression: 'not inbox or archived_at is null' },
  ],
  uniques: [
    // One Inbox per user.
    {
      name: 'projects_user_inbox_unique',
      expression: 'create unique index "projects_user_inbox_unique" on "projects" ("user_id") where "inbox"',
    },
    // `#Home` in quick add names one project: names are unique per user, case-insensitively.
    {
      name: 'projects_user_name_unique',
      expression: 'create unique index "projects_user_name_unique" on "projects" ("user_id", lower("name"))',
    },
  ],
  indexes: [
    // projects.list: a user's projects in their order (also serves the cascade from users).
    {
      name: 'projects_user_order_idx',
      expression: 'create index "projects_user_order_idx" on "projects" ("user_id", "position", "id")',
    },
  ],
});

export type Project = InferEntity<typeof Project>;
