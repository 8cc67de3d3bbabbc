import type { LanguageModel } from 'ai';
import { type Settings, settingDefaults } from '../settings/settings-schema.ts';
import { OfflineAssistantModel } from './offline/offline-model.ts';

export { DEFAULT_INSTRUCTIONS } from '../settings/settings-schema.ts';

/** How the assistant runs: server configuration, the same for every turn. */
export interface ChatSettings {
  model: LanguageModel;
  /** The system prompt, never stored as a message. */
  instructions: string;
  /** Longest a turn may take, model and tools together, in milliseconds. */
  timeoutMs: number;
  /** Most model steps (calls) in one turn; each tool round trip is one. */
  maxSteps: number;
  /** The history a turn reads: the newest messages whose contents fit in this many characters. */
  historyChars: number;
  /** Turns a user may start per minute and per day (0: no limit). */
  turnsPerMinute: number;
  turnsPerDay: number;
}

type ChatSettingNames =
  | 'CHAT_SYSTEM_PROMPT'
  | 'CHAT_TIMEOUT'
  | 'CHAT_MAX_STEPS'
  | 'CHAT_HISTORY_CHARS'
  | 'CHAT_TURNS_PER_MINUTE'
  | 'CHAT_TURNS_PER_DAY';

/** The assistant's instructions and limits from the settings (settings-schema.ts); the model is the caller's. */
export function chatLimitsFrom(settings: Pick<Settings, ChatSettingNames>): Omit<ChatSettings, 'model'> {
  return {
    instructions: settings.CHAT_SYSTEM_PROMPT,
    timeoutMs: settings.CHAT_TIMEOUT,
    maxSteps: settings.CHAT_MAX_STEPS,
    historyChars: settings.CHAT_HISTORY_CHARS,
    turnsPerMinute: settings.CHAT_TURNS_PER_MINUTE,
    turnsPerDay: settings.CHAT_TURNS_PER_DAY,
  };
}

/** The settings a server uses when nothing else is configured: the offline assistant, no quota. */
export function defaultChatSettings(overrides: Partial<ChatSettings> = {}): ChatSettings {
  return { model: new OfflineAssistantModel(), ...chatLimitsFrom(settingDefaults()), ...overrides };
}
