export { dropDatabase } from './database-admin.ts';
export {
  type DatabaseHandle,
  devClusterDir,
  openDatabase,
  postgresUrlSchema,
  readDatabaseUrl,
} from './database-url.ts';
export { EmbeddedClusterError } from './embedded/cluster-error.ts';
export { CHANGES_CHANNEL } from './entities/change-notifications.ts';
export { ChatTurn, Conversation, entities, Message, MessageTaskEffect, Session, Task, User } from './entities/index.ts';
export { newId } from './ids.ts';
export { migrateDown, migrateUp } from './migrations-runner.ts';
export { createOrmConfig } from './orm-config.ts';
export { limits, MESSAGE_ROLES, type MessageRole } from './rules/limits.ts';
export * from './rules/message-parts.ts';
export * from './rules/schemas.ts';
export { SEARCH_LANGUAGE } from './rules/search.ts';
