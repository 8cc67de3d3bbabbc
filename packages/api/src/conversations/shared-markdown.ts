import { hashSessionToken } from '../auth/tokens.ts';
import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { conversationMarkdown } from '../export/conversation-markdown.ts';
import { readWholeBranch } from '../messages/branch.data.ts';
import { findShareByTokenHash } from './shares.data.ts';

/**
 * `GET /share/<token>.md`: a shared snapshot as Markdown, its words only, for anyone with the
 * link. NOT_FOUND before anything is produced for a link never made, revoked, or of a
 * conversation in the trash.
 */
export async function sharedConversationMarkdown(
  ctx: Pick<Context, 'db'>,
  token: string,
): Promise<AsyncGenerator<string>> {
  const share = await findShareByTokenHash(ctx.db, hashSessionToken(token));
  if (!share) throw notFound('Shared conversation');
  return conversationMarkdown(share.title, readWholeBranch(ctx.db, share.userId, share.conversationId, share.leafId));
}
