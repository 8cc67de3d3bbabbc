import { idSchema, messageContentSchema } from '@taskchat/db';
import { z } from 'zod';

export const sendChatInput = z.object({
  /** The conversation to continue; without it the turn starts a new one. */
  conversationId: idSchema.optional(),
  content: messageContentSchema,
  /** Names this turn: sending it again never runs the model or a tool twice. */
  clientId: idSchema,
});
export type SendChatInput = z.infer<typeof sendChatInput>;
