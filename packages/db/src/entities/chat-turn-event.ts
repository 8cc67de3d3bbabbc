import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { notifyTrigger } from './change-notifications.ts';
import { ChatTurn } from './chat-turn.ts';
import { timestampProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { User } from './user.ts';

/**
 * What a running turn has streamed so far (text deltas, tool calls and results), numbered, so a
 * subscriber on any server process can follow the turn and resume at the number it last saw. The
 * rows live only while the turn runs: the stored assistant message replaces them.
 */
export const ChatTurnEvent = defineEntity({
  name: 'ChatTurnEvent',
  tableName: 'chat_turn_events',
  properties: {
    turn: () => p.manyToOne(ChatTurn).ref().deleteRule('cascade').primary(),
    seq: p.integer().primary(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    /** One streamed event as JSON; its shape is the API's (`turnProgressSchema`), checked when read. */
    event: p.json<object>(),
    createdAt: timestampProperty(),
  },
  indexes: [
    // Deleting a user or a conversation cascades here without scanning the table.
    { name: 'chat_turn_events_user_idx', properties: ['user'] },
    { name: 'chat_turn_events_conversation_idx', properties: ['conversation'] },
  ],
  // The conversation's running turn streamed more.
  triggers: [notifyTrigger('notify_stream', ['insert'], `'stream'`, { u: 'new.user_id', c: 'new.conversation_id' })],
});

export type ChatTurnEvent = InferEntity<typeof ChatTurnEvent>;
