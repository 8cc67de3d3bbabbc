import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { searchVectorSql } from '../rules/search.ts';
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
    /** The id the conversation had in the export it was imported from: importing it again finds it. */
    clientId: p.uuid().nullable(),
    /** Listed apart (`conversations.list({ archived: true })`); nothing else changes. */
    archived: p.boolean().default(false),
    /** Listed first. */
    pinned: p.boolean().default(false),
    /** In the trash since then, invisible to everything but the trash; purged after the retention period. */
    deletedAt: p.datetime(3).nullable(),
    /**
     * The last message of the current branch (`messages.list` pages back from it); null while the
     * conversation has none. Every append moves it to the new message; `conversations.setLeaf` too.
     */
    leaf: () => p.manyToOne(Message).ref().nullable().deleteRule('set null'),
    /** The title's words for `conversations.search` (`rules/search.ts`). */
    titleVector: p
      .string()
      .columnType('tsvector')
      .generated(`(${searchVectorSql('title')}) stored`)
      .nullable(),
    messages: () => p.oneToMany(Message).mappedBy('conversation'),
  },
  checks: [
    {
      name: 'conversations_title_check',
      expression: `title is null or (${lengthSql('title', 1, limits.conversationTitle)} and ${notBlankSql('title')})`,
    },
  ],
  uniques: [
    // conversations.import: one conversation per user per exported one.
    { name: 'conversations_user_client_id_unique', properties: ['user', 'clientId'] },
  ],
  indexes: [
    // conversations.list: a user's (un)archived conversations, pinned first, then by most recent
    // activity, keyset-paginated; trashed rows are filtered out on the way (the trash is small).
    // It also serves the cascade from users.
    {
      name: 'conversations_user_list_idx',
      // Raw SQL: MikroORM's introspection drops the DESC of the last column and would diff forever.
      expression:
        'create index "conversations_user_list_idx" on "conversations" ("user_id", "archived", "pinned" desc, "updated_at" desc, "id" desc)',
    },
    // conversations.trash: a user's trash, most recently deleted first.
    {
      name: 'conversations_user_trash_idx',
      expression:
        'create index "conversations_user_trash_idx" on "conversations" ("user_id", "deleted_at" desc, "id" desc) where "deleted_at" is not null',
    },
    // conversations.search: the caller's conversations whose title holds the words.
    {
      name: 'conversations_user_title_search_idx',
      expression:
        'create index "conversations_user_title_search_idx" on "conversations" using gin ("user_id", "title_vector")',
    },
    // Deleting messages (with their conversation) checks this reference without scanning the table.
    { name: 'conversations_leaf_idx', properties: ['leaf'] },
    // The purge job: whatever has been in the trash too long, whoever owns it.
    {
      name: 'conversations_trash_expiry_idx',
      expression:
        'create index "conversations_trash_expiry_idx" on "conversations" ("deleted_at") where "deleted_at" is not null',
    },
  ],
  // The owner's conversation list changed. Moving to the trash reads as a deletion, restoring as
  // a creation; nothing done inside the trash is announced.
  triggers: [
    notifyTrigger('notify_created', ['insert'], `'created'`, { u: 'new.user_id', c: 'new.id' }),
    notifyTrigger(
      'notify_changed',
      ['update'],
      `case
        when old.deleted_at is null and new.deleted_at is not null then 'deleted'
        when old.deleted_at is not null and new.deleted_at is null then 'created'
        when new.updated_at is distinct from old.updated_at then 'activity'
        else 'updated'
      end`,
      { u: 'new.user_id', c: 'new.id' },
      `(old.deleted_at is null or new.deleted_at is null) and (old.updated_at, old.title, old.archived, old.pinned, old.deleted_at, old.leaf_id)
        is distinct from (new.updated_at, new.title, new.archived, new.pinned, new.deleted_at, new.leaf_id)`,
    ),
    // Purging from the trash deletes what the list already lost.
    notifyTrigger(
      'notify_deleted',
      ['delete'],
      `'deleted'`,
      { u: 'old.user_id', c: 'old.id' },
      'old.deleted_at is null',
    ),
  ],
});

export type Conversation = InferEntity<typeof Conversation>;
