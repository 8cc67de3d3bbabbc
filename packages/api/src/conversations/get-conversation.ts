import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { type OpenedConversationOutput, selectOpenedConversation } from './conversations.data.ts';
import type { getConversationInput } from './conversations.schemas.ts';

/**
 * `conversations.get`: one of the caller's conversations, with `trashedAt` (null unless in the
 * trash); one in the trash only with `includeTrashed`. NOT_FOUND when missing or another user's.
 */
export async function getConversation(
  ctx: UserScope,
  input: z.output<typeof getConversationInput>,
): Promise<OpenedConversationOutput> {
  return await selectOpenedConversation(ctx.db, ctx.userId, input.id, { includingTrash: input.includeTrashed });
}
