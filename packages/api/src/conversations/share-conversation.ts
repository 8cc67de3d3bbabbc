import type { z } from 'zod';
import { hashSessionToken, newSessionToken } from '../auth/tokens.ts';
import { lockUserRow } from '../auth/users.data.ts';
import type { SignedInContext } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { countBranch } from '../messages/branch.data.ts';
import { selectOpenedConversation } from './conversations.data.ts';
import type { conversationIdInput } from './conversations.schemas.ts';
import { countShares, insertShare, type ShareOutput } from './shares.data.ts';

/** What `conversations.share` answers: the link, whose secret is never shown again. */
export interface CreatedShare {
  share: ShareOutput;
  /** The secret of the link: `/share/<token>` in the web app, `/share/<token>.md` as Markdown. Only its SHA-256 is stored. */
  token: string;
  /** The link's path on this server. */
  path: string;
}

/**
 * `conversations.share`: a read-only link to the conversation's current branch as it is now (a
 * snapshot: messages are never changed, so the branch up to its leaf stays as it was; a newer
 * state needs a new link), under its title now. Counted under the lock on the user's row, so
 * racing shares cannot pass the cap (BAD_REQUEST). NOT_FOUND when the conversation is not the
 * caller's; BAD_REQUEST when it has no messages yet.
 */
export async function shareConversation(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'conversations'>,
  input: z.output<typeof conversationIdInput>,
): Promise<CreatedShare> {
  const { userId } = ctx;
  const { sharesPerUser } = ctx.conversations;
  const token = newSessionToken();
  const share = await inTransaction(ctx.db, async (tx) => {
    await lockUserRow(tx, userId);
    const conversation = await selectOpenedConversation(tx, userId, input.id, { includingTrash: false });
    if (!conversation.leafId) throw new DomainError('BAD_REQUEST', 'The conversation has no messages to share yet');
    if ((await countShares(tx, userId)) >= sharesPerUser) {
      throw new DomainError(
        'BAD_REQUEST',
        `You can have at most ${sharesPerUser} share links: revoke one to make another`,
      );
    }
    return await insertShare(tx, userId, {
      conversationId: conversation.id,
      leafId: conversation.leafId,
      title: conversation.title,
      messageCount: await countBranch(tx, userId, conversation.id, conversation.leafId),
      tokenHash: hashSessionToken(token),
    });
  });
  return { share, token, path: `/share/${token}` };
}
