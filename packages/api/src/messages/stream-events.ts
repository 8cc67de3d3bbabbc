import type { ChatErrorCode, TurnProgress } from '../chat/chat-events.ts';
import type { MessageOutput } from './messages.data.ts';

/**
 * What `messages.onMessage` sends about one conversation, in the order it happened:
 * - `message`: a message was stored (appended, a turn's user or assistant message), whoever stored it;
 * - `turn-progress`: a running assistant turn streamed text or tool activity, numbered from 1 by `seq`;
 * - `turn-end`: that turn ended (after its stored message, when it stored one);
 * - `conversation-deleted`: the last event; the stream then ends.
 */
export type ConversationStreamEvent =
  | { type: 'message'; message: MessageOutput }
  | { type: 'turn-progress'; turnId: string; seq: number; event: TurnProgress }
  | { type: 'turn-end'; turnId: string; assistantMessageId: string | null; errorCode: ChatErrorCode | null }
  | { type: 'conversation-deleted'; conversationId: string };
