import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { type BranchMessageOutput, selectBranchPage } from './branch.data.ts';
import type { listMessagesInput } from './messages.schemas.ts';

/**
 * The most bytes of messages (their text and parts) one page carries; past them the page ends early
 * and `nextCursor` leads on. Ten full pages, a batch of MAX_BATCH_SIZE's default, come to about
 * 3 MiB, within RESPONSE_LIMIT's default (4 MiB), so following `nextCursor` never meets that limit.
 */
export const MESSAGE_PAGE_BYTES = 256 * 1024;

/**
 * `messages.list`: a page of the conversation's current branch (or of the branch ending at
 * `leafId`), going back from the cursor, oldest first, at most `limit` messages and at most
 * MESSAGE_PAGE_BYTES (but always one); each with its siblings and the caller's vote.
 */
export async function listMessages(
  ctx: UserScope,
  input: z.output<typeof listMessagesInput>,
): Promise<Page<BranchMessageOutput>> {
  return await selectBranchPage(ctx.db, ctx.userId, { ...input, maxBytes: MESSAGE_PAGE_BYTES });
}
