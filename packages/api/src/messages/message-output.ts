import type { Message, MessageRole } from '@taskchat/db';

export interface MessageOutput {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  clientId: string | null;
  createdAt: Date;
}

export function toMessageOutput(message: Message): MessageOutput {
  return {
    id: message.id,
    conversationId: message.conversation.id,
    role: message.role,
    content: message.content,
    clientId: message.clientId ?? null,
    createdAt: message.createdAt,
  };
}
