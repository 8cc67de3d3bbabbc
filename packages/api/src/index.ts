export type { MessagePart } from '@taskchat/db';
export { createCaller } from './caller.ts';
export {
  type ChatErrorCode,
  type ChatEvent,
  chatEventSchema,
  type TaskEffect,
  type TurnProgress,
} from './chat/chat-events.ts';
export { type ChatSettings, DEFAULT_INSTRUCTIONS, defaultChatSettings } from './chat/chat-settings.ts';
export { OfflineAssistantModel } from './chat/offline/offline-model.ts';
export { RunningTurns } from './chat/running-turns.ts';
export { type ApiDeps, type ApiLogger, type Context, createContext, DEFAULT_SESSION_TTL_MS } from './context.ts';
export type { ConversationChange } from './conversations/conversation-changes.ts';
export { type Database, databaseOf } from './database.ts';
export { ChangeFeed, type ChangeFeedOptions } from './live/change-feed.ts';
export type { ConversationStreamEvent } from './messages/stream-events.ts';
export { isDatabaseOutage } from './outage.ts';
export { type AppRouter, appRouter, type RouterInputs, type RouterOutputs } from './router.ts';
