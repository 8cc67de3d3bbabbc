import { idSchema, messagePartSchema, TASK_ACTIONS } from '@taskchat/db';
import { z } from 'zod';

/** A stored message as events carry it (the same fields as `messages.list` items). */
const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  /** The message it follows on its branch; null for a first message. */
  parentId: idSchema.nullable(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  clientId: idSchema.nullable(),
  parts: z.array(messagePartSchema).nullable(),
  incomplete: z.boolean(),
  createdAt: z.date(),
});

/** What a turn did to a task (`message_task_effects`). */
export const taskEffectSchema = z.object({
  taskId: idSchema,
  action: z.enum(TASK_ACTIONS),
  /** The title after the change (for a delete: the title it had). */
  taskTitle: z.string(),
  /** What changed, in words ("Renamed “milk” to “oat milk”"); null on records older than it. */
  change: z.string().nullable(),
  /** When an undo reverted this change. */
  undoneAt: z.date().nullable(),
  /** On an undo's own changes: the message whose changes it reverted. */
  undoes: idSchema.nullable(),
});
export type TaskEffect = z.infer<typeof taskEffectSchema>;

/** Why a turn gave no (complete) answer. */
export const CHAT_ERROR_CODES = ['MODEL_ERROR', 'MODEL_TIMEOUT', 'TURN_IN_PROGRESS'] as const;
export type ChatErrorCode = (typeof CHAT_ERROR_CODES)[number];

/**
 * What a running turn streams as it happens: the model's text and its tool activity. `chat.send`
 * sends these to its caller; `messages.onMessage` to every follower of the conversation, numbered.
 */
export const turnProgressSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text-delta'), text: z.string() }),
  z.object({ type: z.literal('tool-call'), toolCallId: z.string(), toolName: z.string(), input: z.json() }),
  z.object({ type: z.literal('tool-result'), toolCallId: z.string(), toolName: z.string(), output: z.json() }),
  z.object({ type: z.literal('tool-error'), toolCallId: z.string(), toolName: z.string(), error: z.string() }),
]);
export type TurnProgress = z.infer<typeof turnProgressSchema>;

/**
 * The events of one `chat.send`, in the order they happen: the stored user message first, then
 * the model's text and tool activity as it streams, then the stored assistant message, or an
 * error. A replayed turn (same clientId, already finished) sends the stored messages only.
 */
export const chatEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user-message'), conversationId: idSchema, message: messageSchema }),
  ...turnProgressSchema.options,
  z.object({ type: z.literal('assistant-message'), message: messageSchema, effects: z.array(taskEffectSchema) }),
  z.object({ type: z.literal('error'), code: z.enum(CHAT_ERROR_CODES), message: z.string() }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
