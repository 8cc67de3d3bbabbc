import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type ConversationOutput, updateConversationFields } from './conversations.data.ts';
import type { conversationIdInput } from './conversations.schemas.ts';

type ConversationIdInput = z.output<typeof conversationIdInput>;

/** `conversations.pin`: listed before the unpinned ones. */
export async function pinConversation(ctx: UserScope, input: ConversationIdInput): Promise<ConversationOutput> {
  return await updateConversationFields(ctx.db, ctx.userId, input.id, { pinned: true });
}

/** `conversations.unpin`: back among the others, by activity. */
export async function unpinConversation(ctx: UserScope, input: ConversationIdInput): Promise<ConversationOutput> {
  return await updateConversationFields(ctx.db, ctx.userId, input.id, { pinned: false });
}
