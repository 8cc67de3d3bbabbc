import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ConversationOutput, updateConversationFields } from './conversations.data.ts';
import type { conversationIdInput } from './conversations.schemas.ts';

type ConversationIdInput = z.output<typeof conversationIdInput>;

/** `conversations.archive`: out of the main list into the archived one; it keeps its place in time. */
export async function archiveConversation(ctx: UserScope, input: ConversationIdInput): Promise<ConversationOutput> {
  return await updateConversationFields(ctx.db, ctx.userId, input.id, { archived: true });
}

/** `conversations.unarchive`: back into the main list. */
export async function unarchiveConversation(ctx: UserScope, input: ConversationIdInput): Promise<ConversationOutput> {
  return await updateConversationFields(ctx.db, ctx.userId, input.id, { archived: false });
}
