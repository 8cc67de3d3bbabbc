import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { conversationIdInput } from './conversations.schemas.ts';
import { deleteTrashed } from './trash.data.ts';

/** `conversations.purge`: deletes a trashed conversation for good, with its messages. */
export async function purgeConversation(
  ctx: UserScope,
  input: z.output<typeof conversationIdInput>,
): Promise<{ id: string }> {
  return await deleteTrashed(ctx.db, ctx.userId, input.id);
}
