import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type ChatSettings, defaultChatSettings } from '@taskchat/api';
import { chatLimitsFrom } from '@taskchat/api/settings';
import type { ServerConfig } from './config.ts';

/**
 * The assistant from the configuration: any OpenAI-compatible API (OpenAI, Ollama, vLLM, LM
 * Studio, OpenRouter) when CHAT_MODEL_BASE_URL and CHAT_MODEL are set, else the offline assistant.
 * The quota's production default (CHAT_TURNS_PER_MINUTE, CHAT_TURNS_PER_DAY) is the schema's.
 */
export function chatSettingsFrom(config: ServerConfig): ChatSettings {
  const limits = chatLimitsFrom(config);
  if (!config.CHAT_MODEL_BASE_URL || !config.CHAT_MODEL) return defaultChatSettings(limits);
  const provider = createOpenAICompatible({
    name: 'chat',
    baseURL: config.CHAT_MODEL_BASE_URL,
    apiKey: config.CHAT_MODEL_API_KEY,
    includeUsage: true,
  });
  return defaultChatSettings({ ...limits, model: provider(config.CHAT_MODEL) });
}
