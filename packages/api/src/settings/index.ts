// `@taskchat/api/settings`: the settings schema and what turns settings into the API's dependencies.
export { type AccountSettings, accountSettingsFrom } from '../auth/account-settings.ts';
export { type HashingLimits, hashingLimitsFrom } from '../auth/password-hasher.ts';
export { type ChatSettings, chatLimitsFrom } from '../chat/chat-settings.ts';
export { type ConversationSettings, conversationSettingsFrom } from '../conversations/conversation-settings.ts';
export { type ImportSettings, importSettingsFrom } from '../conversations/import-settings.ts';
export { type ProjectSettings, projectSettingsFrom } from '../projects/project-settings.ts';
export { type TaskSettings, taskSettingsFrom } from '../tasks/task-settings.ts';
export {
  DEFAULT_INSTRUCTIONS,
  type Setting,
  type SettingName,
  type Settings,
  type SettingUnit,
  settingDefault,
  settingDefaults,
  settingEntries,
  settings,
  settingsSchema,
} from './settings-schema.ts';
