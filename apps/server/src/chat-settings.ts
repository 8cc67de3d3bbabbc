import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type ChatSettings, DEFAULT_INSTRUCTIONS, defaultChatSettings } from '@taskchat/api';
import type { ServerConfig } from './config.ts';

/**
 * The assistant from the configuration: any OpenAI-compatible API (OpenAI, Ollama, vLLM, LM
 * Studio, OpenRouter) when CHAT_MODEL_BASE_URL and CHAT_MODEL are set, else the offline assistant.
 */
export function chatSettingsFrom(config: ServerConfig, nodeEnv = process.env.NODE_ENV): ChatSettings {
  const production = nodeEnv === 'production';
  const limits = {
    instructions: config.CHAT_SYSTEM_PROMPT ?? DEFAULT_INSTRUCTIONS,
    timeoutMs: config.CHAT_TIMEOUT,
    maxSteps: config.CHAT_MAX_STEPS,
    historyChars: config.CHAT_HISTORY_CHARS,
    // A quota in production unless configured otherwise; none while developing.
    turnsPerMinute: config.CHAT_TURNS_PER_MINUTE ?? (production ? 20 : 0),
    turnsPerDay: config.CHAT_TURNS_PER_DAY ?? (production ? 500 : 0),
  };
  if (!config.CHAT_MODEL_BASE_URL || !config.CHAT_MODEL) return defaultChatSettings(limits);
  const provider = createOpenAICompatible({
    name: 'chat',
    baseURL: config.CHAT_MODEL_BASE_URL,
    apiKey: config.CHAT_MODEL_API_KEY,
    includeUsage: true,
  });
  return defaultChatSettings({ ...limits, model: provider(config.CHAT_MODEL) });
}
