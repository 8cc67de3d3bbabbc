import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ConversationOutput, selectConversation } from './conversations.data.ts';
import type { conversationIdInput } from './conversations.schemas.ts';

/** `conversations.get`: one of the caller's conversations; NOT_FOUND when missing, trashed or another user's. */
export async function getConversation(
  ctx: UserScope,
  input: z.output<typeof conversationIdInput>,
): Promise<ConversationOutput> {
  return await selectConversation(ctx.db, ctx.userId, input.id);
}
