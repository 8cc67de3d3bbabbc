import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { type ConversationOutput, selectConversationPage } from './conversations.data.ts';
import type { listConversationsInput } from './conversations.schemas.ts';

/** `conversations.list`: the archived ones or the others, pinned first, then by most recent activity. */
export async function listConversations(
  ctx: UserScope,
  input: z.output<typeof listConversationsInput>,
): Promise<Page<ConversationOutput>> {
  return await selectConversationPage(ctx.db, ctx.userId, input);
}
