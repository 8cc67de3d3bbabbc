import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ConversationOutput, updateConversationFields } from './conversations.data.ts';
import type { renameConversationInput } from './conversations.schemas.ts';

/** `conversations.rename`: a new title; the conversation keeps its place in time. */
export async function renameConversation(
  ctx: UserScope,
  input: z.output<typeof renameConversationInput>,
): Promise<ConversationOutput> {
  return await updateConversationFields(ctx.db, ctx.userId, input.id, { title: input.title });
}
