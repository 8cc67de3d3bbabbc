import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

/** A chat with the assistant. */
export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    title: p.string().length(limits.conversationTitle).nullable(),
    createdAt: timestampProperty(),
    // Last activity: moved by appending a message only, so renaming does not reorder the list.
    updatedAt: timestampProperty(),
    messages: () => p.oneToMany(Message).mappedBy('conversation'),
  },
  checks: [
    {
      name: 'conversations_title_check',
      expression: `title is null or (${lengthSql('title', 1, limits.conversationTitle)} and ${notBlankSql('title')})`,
    },
  ],
  indexes: [
    // conversations.list: a user's conversations by most recent activity, keyset-paginated.
    {
      name: 'conversations_user_recent_idx',
      // Raw SQL: MikroORM's introspection drops the DESC of the last column and would diff forever.
      expression:
        'create index "conversations_user_recent_idx" on "conversations" ("user_id", "updated_at" desc, "id" desc)',
    },
  ],
  // The owner's conversation list changed.
  triggers: [
    notifyTrigger('notify_created', ['insert'], `'created'`, { u: 'new.user_id', c: 'new.id' }),
    notifyTrigger(
      'notify_changed',
      ['update'],
      `case when new.updated_at is distinct from old.updated_at then 'activity' else 'renamed' end`,
      { u: 'new.user_id', c: 'new.id' },
      'old.updated_at is distinct from new.updated_at or old.title is distinct from new.title',
    ),
    notifyTrigger('notify_deleted', ['delete'], `'deleted'`, { u: 'old.user_id', c: 'old.id' }),
  ],
});

export type Conversation = InferEntity<typeof Conversation>;
