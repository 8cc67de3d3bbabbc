import { idSchema, messageContentSchema, voteCommentSchema, voteValueSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';
import { lastEventIdInput } from './stream-position.ts';

export const listMessagesInput = z.object({
  conversationId: idSchema,
  /** The branch ending at this message; without it, the conversation's current branch. */
  leafId: idSchema.optional(),
  limit: limitInput(200, 50),
  cursor: cursorInput.optional(),
});

export const appendMessageInput = z.object({
  conversationId: idSchema,
  /**
   * Clients write only the user's words: an assistant or system message from a client could plant
   * instructions the model would trust. The server writes those (chat.send).
   */
  role: z
    .literal('user', { message: 'Only user messages can be appended; the assistant answers through chat.send' })
    .default('user'),
  content: messageContentSchema,
  /** Makes retries safe: the same clientId in a conversation stores one message. */
  clientId: idSchema.optional(),
});

export const onMessageInput = z.object({
  conversationId: idSchema,
  /** Resume after this event (the id of the last one received); tRPC's client sets it on reconnect. */
  lastEventId: lastEventIdInput.optional(),
});

export const voteInput = z.object({
  /** An assistant message of the caller's. */
  messageId: idSchema,
  /** Thumbs up or down; null takes the vote back. */
  value: voteValueSchema.nullable(),
  /** What was good or wrong with the answer; without it, none (a changed vote loses the old one). */
  comment: voteCommentSchema.optional(),
});
