import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { INBOX_NAME, lengthSql, limits, notBlankSql, TIME_ZONE_PATTERN } from '../rules/limits.ts';
import { idProperty, timestampProperty, updatedAtProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { Project } from './project.ts';
import { Session } from './session.ts';
import { Task } from './task.ts';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: idProperty(),
    email: p.string().length(limits.userEmail),
    passwordHash: p.text().hidden(),
    name: p.string().length(limits.userName).nullable(),
    /** An IANA zone name: "today", "overdue", recurrence and floating due dates are read in it. */
    timeZone: p.string().length(limits.timeZone).default('UTC'),
    createdAt: timestampProperty(),
    updatedAt: updatedAtProperty(),
    sessions: () => p.oneToMany(Session).mappedBy('user'),
    tasks: () => p.oneToMany(Task).mappedBy('user'),
    conversations: () => p.oneToMany(Conversation).mappedBy('user'),
    messages: () => p.oneToMany(Message).mappedBy('user'),
    projects: () => p.oneToMany(Project).mappedBy('user'),
  },
  checks: [
    { name: 'users_email_length_check', expression: lengthSql('email', 3, limits.userEmail) },
    { name: 'users_time_zone_check', expression: `time_zone ~ '${TIME_ZONE_PATTERN}'` },
    {
      name: 'users_name_check',
      expression: `name is null or (${lengthSql('name', 1, limits.userName)} and ${notBlankSql('name')})`,
    },
  ],
  uniques: [
    // Sign-in looks users up by email, case-insensitively; also makes emails unique that way.
    {
      name: 'users_email_lower_unique',
      expression: 'create unique index "users_email_lower_unique" on "users" (lower("email"))',
    },
  ],
  triggers: [
    {
      // Every user has an Inbox, however the row came to be (sign-up, an import, a test's insert).
      name: 'users_create_inbox',
      timing: 'after',
      events: ['insert'],
      forEach: 'row',
      body: `insert into projects (id, user_id, name, inbox) values (gen_random_uuid(), new.id, '${INBOX_NAME}', true);
      return null;`,
    },
  ],
});

export type User = InferEntity<typeof User>;
