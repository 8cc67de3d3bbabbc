export type { MessagePart } from '@taskchat/db';
export type { AccessTokenOutput } from './auth/access-tokens.data.ts';
export { type AccountSettings, DEFAULT_SESSION_TTL_MS, defaultAccountSettings } from './auth/account-settings.ts';
export { defaultHashingLimits, type HashingLimits, PasswordHasher } from './auth/password-hasher.ts';
export { resolvePersonalAccessToken } from './auth/resolve-access-token.ts';
export type { SignInThrottlePolicy } from './auth/sign-in-throttle.data.ts';
export { isAccessTokenSecret } from './auth/tokens.ts';
export { createCaller } from './caller.ts';
export {
  type ChatErrorCode,
  type ChatEvent,
  chatEventSchema,
  type TaskEffect,
  type TurnProgress,
} from './chat/chat-events.ts';
export {
  type AssistantInfo,
  type ChatSettings,
  DEFAULT_INSTRUCTIONS,
  defaultChatSettings,
} from './chat/chat-settings.ts';
export type { ChatUsageOutput, UsageDay, UsageTotals } from './chat/get-chat-usage.ts';
export { OfflineAssistantModel } from './chat/offline/offline-model.ts';
export { RunningTurns } from './chat/running-turns.ts';
export {
  type ApiDeps,
  bearerToken,
  type Context,
  createApiDeps,
  createContext,
  type SignedInContext,
  signedInCaller,
  type UserScope,
} from './context.ts';
export {
  type ConversationSettings,
  defaultConversationSettings,
} from './conversations/conversation-settings.ts';
export { shareTokenSchema } from './conversations/conversations.schemas.ts';
export type { SearchResult, SnippetPart } from './conversations/search.data.ts';
export { sharedConversationMarkdown } from './conversations/shared-markdown.ts';
export { purgeExpiredTrash } from './conversations/trash.data.ts';
export type { ConversationChange } from './conversations/watch-conversations.ts';
export { type Database, databaseOf } from './database.ts';
export { responseTooLarge, retryAfterSeconds, toHttpAnswer, toTRPCError } from './error-map.ts';
export { DomainError, notFound } from './errors.ts';
export { exportAccount, exportConversationMarkdown } from './export/account-export.ts';
export { EXPORT_FORMAT, EXPORT_VERSION } from './export/export-format.ts';
export type { LabelOutput } from './labels/labels.data.ts';
export { ChangeFeed, type ChangeFeedOptions } from './live/change-feed.ts';
export type { ApiLogger } from './logger.ts';
export { admitMcpRequest } from './mcp/admit-mcp-request.ts';
export {
  MCP_SCOPE_DESCRIPTIONS,
  MCP_SCOPES,
  type McpPrincipal,
  type McpScope,
  mcpScopesSchema,
} from './mcp/mcp-scopes.ts';
export { createMcpServer, MCP_TOOLS, type McpLimits, type McpServerDeps } from './mcp/mcp-server.ts';
export type { ConversationStreamEvent } from './messages/stream-events.ts';
export { clusterMetricsText, shareMetricsWithPrimary } from './metrics/cluster-metrics.ts';
export { observePool } from './metrics/pool-metrics.ts';
export {
  collectProcessMetrics,
  counter,
  histogram,
  type MetricsText,
  metricsRegistry,
  metricsText,
  secondsSince,
} from './metrics/registry.ts';
export { observeReminderDeliveries } from './metrics/reminder-metrics.ts';
export { admitOAuthRequest, type OAuthRequestLimit } from './oauth/admit-oauth-request.ts';
export { clientDisplayName } from './oauth/client-name.ts';
export type { ConsentRequest, OAuthConsent } from './oauth/oauth-consent.ts';
export { deleteOtherOAuthGrantsOfClient, type OAuthGrantOutput } from './oauth/oauth-grants.data.ts';
export {
  consumeOAuthRecord,
  deleteExpiredOAuthRecords,
  destroyOAuthRecord,
  findOAuthRecord,
  type OAuthPayload,
  revokeOAuthRecordsOfGrant,
  sharedOAuthSecret,
  upsertOAuthRecord,
} from './oauth/oauth-records.data.ts';
export { isDatabaseOutage } from './outage.ts';
export { OutageLog } from './outage-log.ts';
export { defaultProjectSettings, type ProjectSettings } from './projects/project-settings.ts';
export type { ProjectOutput } from './projects/projects.data.ts';
export { type DeliveredReminder, type Delivery, deliverDueReminders } from './reminders/reminders.data.ts';
export { type AppRouter, appRouter, type RouterInputs, type RouterOutputs } from './router.ts';
export type { ParsedTaskText } from './task-text/task-text-types.ts';
export type { ReminderOutput } from './tasks/task-reminders.data.ts';
export { defaultTaskSettings, type TaskSettings } from './tasks/task-settings.ts';
export { purgeExpiredTaskTrash, type TrashedTaskOutput } from './tasks/task-trash.data.ts';
export type { Due, TaskOutput } from './tasks/tasks.data.ts';
export { TASK_VIEWS, type TaskView } from './tasks/tasks.schemas.ts';
export type { TaskChange } from './tasks/watch-tasks.ts';
export { errorResponse } from './trpc.ts';
export { API_CONTRACT_VERSION } from './version/contract-version.ts';
