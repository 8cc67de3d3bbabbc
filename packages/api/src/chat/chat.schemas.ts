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

/** `chat.undo`: the assistant message whose task changes to revert. */
export const undoChatInput = z.object({ messageId: idSchema });

/** `chat.effects`: the messages whose task changes to read (a page of a conversation at most). */
export const chatEffectsInput = z.object({ messageIds: z.array(idSchema).min(1).max(100) });
