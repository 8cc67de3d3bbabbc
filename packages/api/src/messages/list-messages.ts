import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { type MessageOutput, selectMessagePage } from './messages.data.ts';
import type { listMessagesInput } from './messages.schemas.ts';

/** `messages.list`: the conversation's newest messages older than the cursor, in chronological order. */
export async function listMessages(
  ctx: UserScope,
  input: z.output<typeof listMessagesInput>,
): Promise<Page<MessageOutput>> {
  return await selectMessagePage(ctx.db, ctx.userId, input);
}
