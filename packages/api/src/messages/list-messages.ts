import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { type MessageOutput, selectMessagePage } from './messages.data.ts';
import type { listMessagesInput } from './messages.schemas.ts';

/**
 * The most bytes of messages (their text and parts) one page carries; past them the page ends early
 * and `nextCursor` leads on. Ten full pages, a batch of MAX_BATCH_SIZE's default, come to about
 * 3 MiB, within RESPONSE_LIMIT's default (4 MiB), so following `nextCursor` never meets that limit.
 */
export const MESSAGE_PAGE_BYTES = 256 * 1024;

/**
 * `messages.list`: the conversation's newest messages before the cursor, in the conversation's order
 * (`seq`), at most `limit` of them and at most MESSAGE_PAGE_BYTES (but always one).
 */
export async function listMessages(
  ctx: UserScope,
  input: z.output<typeof listMessagesInput>,
): Promise<Page<MessageOutput>> {
  return await selectMessagePage(ctx.db, ctx.userId, { ...input, maxBytes: MESSAGE_PAGE_BYTES });
}
