import { type Settings, settingDefaults } from '../settings/settings-schema.ts';

/** Caps on branches and share links: server configuration, the same for every request. */
export interface ConversationSettings {
  /** Messages that may follow one message (or begin a conversation): its edits and regenerated answers. */
  branchesPerMessage: number;
  /** Share links one user may hold at once. */
  sharesPerUser: number;
}

/** The conversation caps from the settings (settings-schema.ts). */
export function conversationSettingsFrom(
  settings: Pick<Settings, 'BRANCHES_PER_MESSAGE' | 'SHARES_PER_USER'>,
): ConversationSettings {
  return { branchesPerMessage: settings.BRANCHES_PER_MESSAGE, sharesPerUser: settings.SHARES_PER_USER };
}

/** The conversation caps of a server configured with nothing, with `overrides`. */
export function defaultConversationSettings(overrides: Partial<ConversationSettings> = {}): ConversationSettings {
  return { ...conversationSettingsFrom(settingDefaults()), ...overrides };
}
