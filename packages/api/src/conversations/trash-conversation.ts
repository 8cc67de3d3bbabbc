import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { conversationIdInput } from './conversations.schemas.ts';
import { moveToTrash } from './trash.data.ts';

/** `conversations.delete`: moves the conversation to the trash (`restore` brings it back, `purge` ends it). */
export async function trashConversation(
  ctx: UserScope,
  input: z.output<typeof conversationIdInput>,
): Promise<{ id: string }> {
  return await moveToTrash(ctx.db, ctx.userId, input.id);
}
