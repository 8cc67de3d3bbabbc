import type { MessageRole } from '@taskchat/db';
import type { z } from 'zod';
import { hashSessionToken } from '../auth/tokens.ts';
import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { selectBranchSlice } from '../messages/branch.data.ts';
import { encodeCursor } from '../pagination/cursor.ts';
import type { sharedInput } from './conversations.schemas.ts';
import { findShareByTokenHash } from './shares.data.ts';

/** A message of a shared snapshot: its words only (no ids, tool activity, tasks or votes). */
export interface SharedMessage {
  role: Exclude<MessageRole, 'system'>;
  content: string;
  createdAt: Date;
}

export interface SharedConversationPage {
  title: string | null;
  sharedAt: Date;
  messageCount: number;
  /** Oldest first; `nextCursor` leads to older ones. */
  messages: SharedMessage[];
  nextCursor: string | null;
}

/**
 * `conversations.shared`: a page of a shared snapshot, for anyone with the link (no sign-in): the
 * branch as it was shared, newest page first. Its owner's other conversations, tasks and the
 * rest of the tree are out of reach: only this branch's words are read. NOT_FOUND for a link
 * that was never made, was revoked, or whose conversation is in the trash (alike).
 */
export async function viewShared(
  ctx: Pick<Context, 'db'>,
  input: z.output<typeof sharedInput>,
): Promise<SharedConversationPage> {
  const share = await findShareByTokenHash(ctx.db, hashSessionToken(input.token));
  if (!share) throw notFound('Shared conversation');
  // A cursor counts the messages already read from this link's own leaf: it leads nowhere else.
  const cursor = input.cursor?.position;
  const fromCursor = cursor?.keys[0];
  if (cursor && (input.cursor?.scope !== 'shared' || cursor.id !== share.leafId || !Number.isInteger(fromCursor))) {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor');
  }
  const skip = Math.min(Number(fromCursor ?? 0), share.messageCount);
  const read = await selectBranchSlice(ctx.db, share.userId, share, skip, input.limit + 1);
  const more = read.length > input.limit;
  const page = read.slice(0, input.limit);
  const messages = page
    .reverse()
    .flatMap((message): SharedMessage[] =>
      message.role === 'system' ? [] : [{ role: message.role, content: message.content, createdAt: message.createdAt }],
    );
  const nextCursor = more ? encodeCursor('shared', { keys: [skip + input.limit], id: share.leafId }) : null;
  return {
    title: share.title,
    sharedAt: share.createdAt,
    messageCount: share.messageCount,
    messages,
    nextCursor,
  };
}
