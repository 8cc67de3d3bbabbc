import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { ConversationOutput } from './conversations.data.ts';
import type { conversationIdInput } from './conversations.schemas.ts';
import { restoreFromTrash } from './trash.data.ts';

/** `conversations.restore`: brings a conversation back from the trash. */
export async function restoreConversation(
  ctx: UserScope,
  input: z.output<typeof conversationIdInput>,
): Promise<ConversationOutput> {
  return await restoreFromTrash(ctx.db, ctx.userId, input.id);
}
