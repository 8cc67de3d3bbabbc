import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { CHAT_TURN_STATUSES } from '../rules/message-parts.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

/**
 * One `chat.send`: found again by its client id, so a retry never runs the model or a tool twice,
 * and at most one running per conversation, so a conversation's turns never overlap. A running
 * turn past its `expiresAt` was abandoned (its process died) and no longer blocks.
 */
export const ChatTurn = defineEntity({
  name: 'ChatTurn',
  tableName: 'chat_turns',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    clientId: p.uuid(),
    status: p.enum(CHAT_TURN_STATUSES),
    userMessage: () => p.manyToOne(Message).ref().deleteRule('cascade'),
    assistantMessage: () => p.manyToOne(Message).ref().nullable().deleteRule('set null'),
    errorCode: p.string().length(50).nullable(),
    /** When a turn still running counts as abandoned. */
    expiresAt: p.datetime(3),
    /** The model that ran the turn (`provider:modelId`), and what it reported using; null while running. */
    model: p.string().length(200).nullable(),
    inputTokens: p.integer().nullable(),
    outputTokens: p.integer().nullable(),
    /** Input tokens the provider served from its cache, when it says. */
    cachedInputTokens: p.integer().nullable(),
    /** From the turn's start to its stored answer. */
    latencyMs: p.integer().nullable(),
    createdAt: timestampProperty(),
  },
  checks: [
    {
      name: 'chat_turns_usage_check',
      expression: '"input_tokens" >= 0 and "output_tokens" >= 0 and "cached_input_tokens" >= 0 and "latency_ms" >= 0',
    },
  ],
  uniques: [{ name: 'chat_turns_user_client_id_unique', properties: ['user', 'clientId'] }],
  indexes: [
    {
      name: 'chat_turns_one_running_per_conversation',
      // Raw SQL: a partial unique index, which the entity options cannot declare.
      expression:
        'create unique index "chat_turns_one_running_per_conversation" on "chat_turns" ("conversation_id") where status = \'running\'',
    },
    { name: 'chat_turns_conversation_idx', properties: ['conversation'] },
    // A user's usage by day, and the tokens of their last 24 hours against the quota.
    { name: 'chat_turns_user_created_idx', properties: ['user', 'createdAt'] },
    // Deleting messages (with their conversation) checks these references without scanning the table.
    { name: 'chat_turns_user_message_idx', properties: ['userMessage'] },
    { name: 'chat_turns_assistant_message_idx', properties: ['assistantMessage'] },
  ],
  // A turn of the conversation started or ended.
  triggers: [
    notifyTrigger('notify_stream', ['insert', 'update'], `'stream'`, { u: 'new.user_id', c: 'new.conversation_id' }),
  ],
});

export type ChatTurn = InferEntity<typeof ChatTurn>;
