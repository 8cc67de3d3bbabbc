import type { Conversation } from '@taskchat/db';

export interface ConversationOutput {
  id: string;
  title: string | null;
  createdAt: Date;
  /** Last activity: when the newest message was added. */
  updatedAt: Date;
}

export function toConversationOutput(conversation: Conversation): ConversationOutput {
  return {
    id: conversation.id,
    title: conversation.title ?? null,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}
