import type { LanguageModel } from 'ai';
import { type Settings, settingDefaults } from '../settings/settings-schema.ts';
import { OfflineAssistantModel } from './offline/offline-model.ts';

export { DEFAULT_INSTRUCTIONS } from '../settings/settings-schema.ts';

/** Which assistant answers, as `chat.assistant` tells clients: the offline one, or a model by name (never its key). */
export type AssistantInfo = { kind: 'offline' } | { kind: 'model'; model: string; host?: string };

/** How the assistant runs: server configuration, the same for every turn. */
export interface ChatSettings {
  model: LanguageModel;
  /** What `model` is, for clients and the usage a turn records. */
  assistant: AssistantInfo;
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
  /** Tokens (input and output) a user's turns may use in the last 24 hours (0: no limit). */
  tokensPerDay: number;
}

type ChatSettingNames =
  | 'CHAT_SYSTEM_PROMPT'
  | 'CHAT_TIMEOUT'
  | 'CHAT_MAX_STEPS'
  | 'CHAT_HISTORY_CHARS'
  | 'CHAT_TURNS_PER_MINUTE'
  | 'CHAT_TURNS_PER_DAY'
  | 'CHAT_TOKENS_PER_DAY';

/** The assistant's instructions and limits from the settings (settings-schema.ts); the model is the caller's. */
export function chatLimitsFrom(settings: Pick<Settings, ChatSettingNames>): Omit<ChatSettings, 'model' | 'assistant'> {
  return {
    instructions: settings.CHAT_SYSTEM_PROMPT,
    timeoutMs: settings.CHAT_TIMEOUT,
    maxSteps: settings.CHAT_MAX_STEPS,
    historyChars: settings.CHAT_HISTORY_CHARS,
    turnsPerMinute: settings.CHAT_TURNS_PER_MINUTE,
    turnsPerDay: settings.CHAT_TURNS_PER_DAY,
    tokensPerDay: settings.CHAT_TOKENS_PER_DAY,
  };
}

/** A model as the AI SDK names it: `provider:modelId` (a model given as a string is its own name). */
const sdkName = (model: LanguageModel) => (typeof model === 'string' ? model : `${model.provider}:${model.modelId}`);

/** What `chat.assistant` says of a model the caller describes no further. */
const assistantOf = (model: LanguageModel): AssistantInfo =>
  model instanceof OfflineAssistantModel ? { kind: 'offline' } : { kind: 'model', model: sdkName(model) };

/** The settings a server uses when nothing else is configured: the offline assistant, no quota. */
export function defaultChatSettings(overrides: Partial<ChatSettings> = {}): ChatSettings {
  const model = overrides.model ?? new OfflineAssistantModel();
  return { model, assistant: assistantOf(model), ...chatLimitsFrom(settingDefaults()), ...overrides };
}

/** The model's name a turn records: the configured name, or `provider:modelId` (`taskchat:offline-assistant`). */
export function modelNameOf(chat: Pick<ChatSettings, 'model' | 'assistant'>): string {
  return chat.assistant.kind === 'model' ? chat.assistant.model : sdkName(chat.model);
}
