import { z } from 'zod';

/** The id the model gave a tool call, and the tool's name: short identifiers. */
const toolCall = {
  toolCallId: z.string().min(1).max(200),
  toolName: z.string().min(1).max(100),
};

/**
 * What an assistant message did, in order: its text, each tool call with its arguments, each
 * tool's result or error. Shared with the client; validated before it is stored.
 */
export const messagePartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool-call'), ...toolCall, input: z.json() }),
  z.object({ type: z.literal('tool-result'), ...toolCall, output: z.json() }),
  z.object({ type: z.literal('tool-error'), ...toolCall, error: z.string() }),
]);
export type MessagePart = z.infer<typeof messagePartSchema>;

export const messagePartsSchema = z.array(messagePartSchema).max(500);

/**
 * What a chat turn did to a task, linked to the assistant message that did it: the four changes a
 * turn makes, and `move`, `reopen` and `restore`, which also undo them.
 */
export const TASK_ACTIONS = ['add', 'update', 'complete', 'delete', 'move', 'reopen', 'restore'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** A chat turn is running, finished with the assistant's message, or failed (the error code says why). */
export const CHAT_TURN_STATUSES = ['running', 'done', 'failed'] as const;
export type ChatTurnStatus = (typeof CHAT_TURN_STATUSES)[number];
