import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ConversationOutput, insertConversation } from './conversations.data.ts';
import type { createConversationInput } from './conversations.schemas.ts';

/** `conversations.create`: a new conversation, untitled unless a title is given. */
export async function createConversation(
  ctx: UserScope,
  input: z.output<typeof createConversationInput>,
): Promise<ConversationOutput> {
  return await insertConversation(ctx.db, ctx.userId, input);
}
