import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

/**
 * A read-only link to a conversation as it was: the branch ending at `leaf` when it was shared,
 * under the title it had then. Messages are never changed once stored, so the branch it names
 * never changes either, whatever the conversation does next. Like an access token, only the
 * SHA-256 of its secret is stored; revoking deletes the row.
 */
export const ConversationShare = defineEntity({
  name: 'ConversationShare',
  tableName: 'conversation_shares',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    /** The last message the link shows. */
    leaf: () => p.manyToOne(Message).ref().deleteRule('cascade'),
    title: p.string().length(limits.conversationTitle).nullable(),
    /** How many messages the branch held when it was shared. */
    messageCount: p.integer(),
    tokenHash: p.string().length(64).hidden(),
    createdAt: timestampProperty(),
  },
  checks: [
    { name: 'conversation_shares_token_hash_check', expression: `token_hash ~ '^[0-9a-f]{64}$'` },
    {
      name: 'conversation_shares_title_check',
      expression: `title is null or (${lengthSql('title', 1, limits.conversationTitle)} and ${notBlankSql('title')})`,
    },
    { name: 'conversation_shares_message_count_check', expression: 'message_count >= 1' },
  ],
  uniques: [
    // A shared page finds its snapshot by the link's hash.
    { name: 'conversation_shares_token_hash_unique', properties: ['tokenHash'] },
  ],
  indexes: [
    // conversations.shares: a user's links newest first; deleting a user cascades through it too.
    {
      name: 'conversation_shares_user_recent_idx',
      expression:
        'create index "conversation_shares_user_recent_idx" on "conversation_shares" ("user_id", "created_at" desc, "id" desc)',
    },
    // Deleting a conversation or its messages reaches their links without scanning the table.
    { name: 'conversation_shares_conversation_idx', properties: ['conversation'] },
    { name: 'conversation_shares_leaf_idx', properties: ['leaf'] },
  ],
});

export type ConversationShare = InferEntity<typeof ConversationShare>;
