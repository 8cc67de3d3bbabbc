import { idSchema, messageContentSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';
import { lastEventIdInput } from './stream-position.ts';

export const listMessagesInput = z.object({
  conversationId: idSchema,
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
