import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { notFound } from '../errors.ts';
import { findBranchEnd, updateLeaf } from '../messages/branch.data.ts';
import { type ConversationOutput, lockConversation, selectConversation } from './conversations.data.ts';
import type { setLeafInput } from './conversations.schemas.ts';

/**
 * `conversations.setLeaf`: switches the conversation to the branch through `messageId`, ending at
 * its newest message (switching to an edit shows that edit's latest answer), which becomes the
 * leaf that `messages.list` and the next `chat.send` follow. Under the conversation's lock, so an
 * append cannot slip below the new leaf. NOT_FOUND when the message is not the conversation's.
 */
export async function setLeaf(ctx: UserScope, input: z.output<typeof setLeafInput>): Promise<ConversationOutput> {
  const { userId } = ctx;
  return await inTransaction(ctx.db, async (tx) => {
    await lockConversation(tx, userId, input.id);
    const leafId = await findBranchEnd(tx, userId, input.id, input.messageId);
    if (!leafId) throw notFound('Message');
    await updateLeaf(tx, userId, input.id, leafId);
    return await selectConversation(tx, userId, input.id);
  });
}
