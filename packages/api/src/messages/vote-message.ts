import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { assertConversationExists } from '../conversations/conversations.data.ts';
import { DomainError, notFound } from '../errors.ts';
import { countVote } from '../metrics/vote-metrics.ts';
import { getMessage } from './messages.data.ts';
import type { voteInput } from './messages.schemas.ts';
import { deleteVote, upsertVote, type VoteOutput } from './votes.data.ts';

/**
 * `messages.vote`: the caller's thumbs up or down (with an optional comment) on one of the
 * assistant's answers, replacing their earlier vote on it; `value: null` takes it back (answers
 * null). NOT_FOUND when the message is not the caller's (or its conversation is in the trash);
 * BAD_REQUEST on a message that is not an answer.
 */
export async function voteOnMessage(ctx: UserScope, input: z.output<typeof voteInput>): Promise<VoteOutput | null> {
  const { userId } = ctx;
  const message = await getMessage(ctx.db, userId, input.messageId);
  if (!message) throw notFound('Message');
  await assertConversationExists(ctx.db, userId, message.conversationId);
  if (message.role !== 'assistant')
    throw new DomainError('BAD_REQUEST', 'Only an answer of the assistant can be voted on');
  if (input.value === null) {
    await deleteVote(ctx.db, userId, message.id);
    countVote(null);
    return null;
  }
  const vote = await upsertVote(ctx.db, userId, {
    conversationId: message.conversationId,
    messageId: message.id,
    value: input.value,
    comment: input.comment ?? null,
  });
  countVote(vote.value);
  return vote;
}
