import type { MessageRole } from '@taskchat/db';
import type { UserScope } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { appendToConversation, type MessageOutput } from './messages.data.ts';

export interface AppendMessageInput {
  conversationId: string;
  role: MessageRole;
  content: string;
  /** Makes retries safe: the same clientId in a conversation stores one message. */
  clientId?: string | undefined;
  /** The message it follows (null: a first message); without it, the conversation's current leaf. */
  parentId?: string | null | undefined;
}

/** `stored`: this call added the message; `replayed`: an earlier call with the same clientId did. */
export interface AppendMessageResult {
  status: 'stored' | 'replayed';
  message: MessageOutput;
}

/**
 * `messages.append`: stores a message in one statement (in the caller's transaction, when `ctx.db`
 * is one), appends to the conversation serialised by its row lock, so a retried clientId finds the
 * first message. NOT_FOUND when the conversation is not the user's; CONFLICT when the clientId
 * already names a different message.
 */
export async function appendMessage(
  ctx: UserScope,
  input: AppendMessageInput,
  options: { branchesPerMessage?: number } = {},
): Promise<AppendMessageResult> {
  const { conversationId, role, content } = input;
  const outcome = await appendToConversation(
    ctx.db,
    ctx.userId,
    conversationId,
    [{ role, content, clientId: input.clientId ?? null, parentId: input.parentId }],
    options,
  );
  const message = outcome?.messages[0];
  if (!outcome || !message) throw notFound('Conversation');
  if (outcome.status === 'replayed' && (message.role !== role || message.content !== content)) {
    throw new DomainError('CONFLICT', 'This clientId was already used for a different message');
  }
  return { status: outcome.status, message };
}
