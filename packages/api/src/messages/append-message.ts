import type { MessageRole } from '@taskchat/db';
import type { UserScope } from '../context.ts';
import { lockConversation } from '../conversations/conversations.data.ts';
import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { appendMessages, findMessageByClientId, type MessageOutput } from './messages.data.ts';

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
 * `messages.append`: stores a message in one transaction (the caller's, when `ctx.db` is one). The
 * conversation row is locked first, so appends to one conversation are serialised and a retried
 * clientId finds the first message. NOT_FOUND when the conversation is not the user's; CONFLICT
 * when the clientId already names a different message.
 */
export async function appendMessage(ctx: UserScope, input: AppendMessageInput): Promise<AppendMessageResult> {
  const { userId } = ctx;
  const { conversationId, role, content } = input;
  const clientId = input.clientId ?? null;
  return await inTransaction(ctx.db, async (tx) => {
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
    const [message] = await appendMessages(tx, userId, conversation, [{ role, content, clientId }]);
    if (!message) throw new Error('appendMessages stored nothing');
    return { status: 'stored', message };
  });
}
