export { createDatabase, dropDatabase } from './database-admin.ts';
export { type DatabaseHandle, openDatabase, postgresUrlSchema, readDatabaseUrl } from './database-url.ts';
export { DatabaseUrlRequiredError } from './dev-database.ts';
export { CHANGES_CHANNEL } from './entities/change-notifications.ts';
export {
  AccessToken,
  ChatTurn,
  Conversation,
  entities,
  Label,
  Message,
  MessageTaskEffect,
  Project,
  Reminder,
  Session,
  Task,
  TaskCompletion,
  TaskLabel,
  User,
} from './entities/index.ts';
export { OAUTH_PAYLOAD_LIMIT_BYTES, OAUTH_RECORD_MODELS } from './entities/oauth-record.ts';
export { newId } from './ids.ts';
export { migrateDown, migrateUp } from './migrations-runner.ts';
export { oneBranchStatements } from './one-branch.ts';
export { createOrmConfig } from './orm-config.ts';
export {
  ACCESS_TOKEN_SCOPES,
  type AccessTokenScope,
  COLORS,
  type Color,
  DATE_ONLY_DUE_TIME,
  DEFAULT_COLOR,
  DEFAULT_PRIORITY,
  INBOX_NAME,
  limits,
  MESSAGE_ROLES,
  type MessageRole,
  PRIORITIES,
  type Priority,
  VOTE_VALUES,
  type VoteValue,
} from './rules/limits.ts';
export * from './rules/message-parts.ts';
export * from './rules/schemas.ts';
export { SEARCH_LANGUAGE } from './rules/search.ts';
export { proveSessionHeld, SessionNotHeldError } from './session-check.ts';
