import { calendarDateSchema, idSchema, messageContentSchema } from '@taskchat/db';
import { z } from 'zod';

export const sendChatInput = z
  .object({
    /** The conversation to continue; without it the turn starts a new one. */
    conversationId: idSchema.optional(),
    content: messageContentSchema,
    /** Names this turn: sending it again never runs the model or a tool twice. */
    clientId: idSchema,
    /**
     * The message this one follows; without it, the conversation's current leaf. An edit sends the
     * new words with the edited message's parent (null for a first message): a new branch beside it.
     */
    parentId: idSchema.nullable().optional(),
  })
  .refine((input) => input.parentId === undefined || input.conversationId !== undefined, {
    message: 'A parentId needs its conversationId',
    path: ['parentId'],
  });
export type SendChatInput = z.infer<typeof sendChatInput>;

/** `chat.regenerate`: the answer to give again (a new sibling of it), named by the turn's clientId. */
export const regenerateChatInput = z.object({ messageId: idSchema, clientId: idSchema });
export type RegenerateChatInput = z.infer<typeof regenerateChatInput>;

/** Days in the caller's time zone, both included; without them the last 30 days to today (at most 366). */
export const chatUsageInput = z
  .object({ from: calendarDateSchema.optional(), to: calendarDateSchema.optional() })
  .default({});
export type ChatUsageInput = z.output<typeof chatUsageInput>;

/** `chat.undo`: the assistant message whose task changes to revert. */
export const undoChatInput = z.object({ messageId: idSchema });

/** `chat.effects`: the messages whose task changes to read (a page of a conversation at most). */
export const chatEffectsInput = z.object({ messageIds: z.array(idSchema).min(1).max(100) });
