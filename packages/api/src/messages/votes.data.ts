import { newId, type VoteValue } from '@taskchat/db';
import type { Database } from '../database.ts';

/** Votes on answers: every statement is scoped by the owner's id. */

export interface VoteOutput {
  messageId: string;
  value: VoteValue;
  comment: string | null;
  updatedAt: Date;
}

/** Stores the user's vote on the message (one per message: a second one replaces it) and returns it. */
export async function upsertVote(
  db: Database,
  userId: string,
  vote: { conversationId: string; messageId: string; value: VoteValue; comment: string | null },
): Promise<VoteOutput> {
  const now = new Date();
  const row = await db
    .insertInto('message_votes')
    .values({
      id: newId(),
      user_id: userId,
      conversation_id: vote.conversationId,
      message_id: vote.messageId,
      value: vote.value,
      comment: vote.comment,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'message_id']).doUpdateSet({ value: vote.value, comment: vote.comment, updated_at: now }),
    )
    .returning(['message_id', 'value', 'comment', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { messageId: row.message_id, value: row.value, comment: row.comment, updatedAt: new Date(row.updated_at) };
}

/** Takes the user's vote on the message back, if there was one. */
export async function deleteVote(db: Database, userId: string, messageId: string): Promise<void> {
  await db.deleteFrom('message_votes').where('user_id', '=', userId).where('message_id', '=', messageId).execute();
}
