import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, MESSAGE_ROLES, notBlankSql } from '../rules/limits.ts';
import type { MessagePart } from '../rules/message-parts.ts';
import { searchVectorSql } from '../rules/search.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { User } from './user.ts';

/** One turn of a conversation, written by the user, the assistant or the system. */
export const Message = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: idProperty(),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    /**
     * The previous message on its branch; null for a first message. Fixed when the message is
     * stored (`append_messages` takes it from the same conversation and user, or one of the
     * messages stored with it, earlier in the batch), so the messages form a tree without cycles.
     */
    parent: () => p.manyToOne(Message).ref().nullable().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    role: p.enum(MESSAGE_ROLES),
    content: p.text(),
    clientId: p.uuid().nullable(),
    /** An assistant message's text and tool activity in order (`messagePartsSchema`); null for the others. */
    parts: p.json<MessagePart[]>().nullable(),
    /** The turn failed midway: what the assistant said or did before it did is kept, marked so. */
    incomplete: p.boolean().default(false),
    /**
     * Its place in the conversation: 1, 2, 3… without gaps, given under the conversation's row lock,
     * so it is also the order in which messages were committed (subscriptions resume after it).
     */
    seq: p.integer(),
    createdAt: timestampProperty(),
    /** Its words for `conversations.search`, computed by PostgreSQL from the content (`rules/search.ts`). */
    searchVector: p
      .string()
      .columnType('tsvector')
      .generated(`(${searchVectorSql('content')}) stored`)
      .nullable(),
  },
  checks: [
    {
      name: 'messages_content_check',
      expression: `${lengthSql('content', 1, limits.messageContent)} and ${notBlankSql('content')}`,
    },
  ],
  uniques: [
    // Idempotent appends: one message per (conversation, client id); NULL client ids never collide.
    { name: 'messages_conversation_client_id_unique', properties: ['conversation', 'clientId'] },
    // messages.onMessage: what was stored after the last message a subscriber saw, in order.
    { name: 'messages_conversation_seq_unique', properties: ['conversation', 'seq'] },
  ],
  indexes: [
    // messages.list and a chat turn's history: a conversation's messages in its order (seq, never
    // the times they carry), keyset-paginated from the newest over (seq, id). The owner's id sits
    // beside the conversation's, as in the query, so every condition is on this index and the
    // planner never prefers combining it with messages_user_id_idx plus a sort.
    {
      name: 'messages_conversation_user_seq_idx',
      properties: ['conversation', 'user', 'seq', 'id'],
    },
    // A message's siblings (the children of its parent, in order), and the cascade through parents.
    { name: 'messages_parent_seq_idx', properties: ['parent', 'seq'] },
    // The siblings of a first message: the conversation's roots (few) without reading its other messages.
    {
      name: 'messages_conversation_roots_idx',
      expression:
        'create index "messages_conversation_roots_idx" on "messages" ("conversation_id", "user_id", "seq") where "parent_id" is null',
    },
    // Deleting a user cascades to their messages without scanning the table.
    { name: 'messages_user_id_idx', properties: ['user'] },
    // conversations.search: the caller's messages holding the words, both conditions in one GIN
    // index (the owner's id through btree_gin), so a search reads the caller's matches only.
    {
      name: 'messages_user_search_idx',
      expression: 'create index "messages_user_search_idx" on "messages" using gin ("user_id", "search_vector")',
    },
  ],
  // The conversation's stream has a new message.
  triggers: [notifyTrigger('notify_stream', ['insert'], `'stream'`, { u: 'new.user_id', c: 'new.conversation_id' })],
});

export type Message = InferEntity<typeof Message>;
