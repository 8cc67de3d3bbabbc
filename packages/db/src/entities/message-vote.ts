import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits, VOTE_VALUES } from '../rules/limits.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

/**
 * A user's thumbs up or down on one of the assistant's answers, with an optional comment: one per
 * message (the owner's), changed in place. `messages.vote` refuses a vote on any other message.
 */
export const MessageVote = defineEntity({
  name: 'MessageVote',
  tableName: 'message_votes',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    message: () => p.manyToOne(Message).ref().deleteRule('cascade'),
    value: p.enum(VOTE_VALUES),
    comment: p.text().nullable(),
    createdAt: timestampProperty(),
    updatedAt: timestampProperty(),
  },
  checks: [
    {
      name: 'message_votes_comment_check',
      expression: `comment is null or ${lengthSql('comment', 1, limits.voteComment)}`,
    },
  ],
  uniques: [
    // One vote per user per message; a user's votes are found through it, and their cascade too.
    { name: 'message_votes_user_message_unique', properties: ['user', 'message'] },
  ],
  indexes: [
    // Deleting messages (with their conversation) reaches their votes without scanning the table.
    { name: 'message_votes_message_idx', properties: ['message'] },
    { name: 'message_votes_conversation_idx', properties: ['conversation'] },
  ],
});

export type MessageVote = InferEntity<typeof MessageVote>;
