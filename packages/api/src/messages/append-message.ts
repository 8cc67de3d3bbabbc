import type { MessageRole } from '@taskchat/db';
import { lockConversation, recordActivity } from '../conversations/conversations.data.ts';
import { type Database, inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { titleFromMessage } from './conversation-title.ts';
import { findMessageByClientId, insertMessage, type MessageOutput } from './messages.data.ts';

export interface AppendMessageInput {
  conversationId: string;
  role: MessageRole;
  content: string;
  /** Makes retries safe: the same clientId in a conversation stores one message. */
  clientId?: string | undefined;
}

/** `stored`: this call added the message; `replayed`: an earlier call with the same clientId did. */
export interface AppendMessageResult {
  status: 'stored' | 'replayed';
  message: MessageOutput;
}

/**
 * Stores a message and moves the conversation's last activity, in one transaction (the caller's,
 * when `db` is one). The conversation row is locked first, so appends to one conversation are
 * serialised: a retried clientId finds the first message, and the first user message names an
 * untitled conversation (a conversation is untitled only until then: nothing clears a title).
 * NOT_FOUND when the conversation is not the user's; CONFLICT when the clientId already names a
 * different message.
 */
export async function appendMessage(
  db: Database,
  userId: string,
  input: AppendMessageInput,
): Promise<AppendMessageResult> {
  const { conversationId, role, content } = input;
  const clientId = input.clientId ?? null;
  return await inTransaction(db, async (tx) => {
    const conversation = await lockConversation(tx, userId, conversationId);
    if (clientId) {
      const earlier = await findMessageByClientId(tx, userId, conversationId, clientId);
      if (earlier) {
        if (earlier.role !== role || earlier.content !== content) {
          throw new DomainError('CONFLICT', 'This clientId was already used for a different message');
        }
        return { status: 'replayed', message: earlier };
      }
    }
    const message = await insertMessage(tx, userId, { conversationId, role, content, clientId });
    const title = conversation.title === null && role === 'user' ? titleFromMessage(content) : null;
    await recordActivity(tx, userId, conversationId, { at: message.createdAt, title });
    return { status: 'stored', message };
  });
}
