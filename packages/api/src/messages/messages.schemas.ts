import { idSchema, messageContentSchema, messageRoleSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';

export const listMessagesInput = z.object({
  conversationId: idSchema,
  limit: limitInput(200, 50),
  cursor: cursorInput.optional(),
});

export const appendMessageInput = z.object({
  conversationId: idSchema,
  role: messageRoleSchema,
  content: messageContentSchema,
  /** Makes retries safe: the same clientId in a conversation stores one message. */
  clientId: idSchema.optional(),
});
