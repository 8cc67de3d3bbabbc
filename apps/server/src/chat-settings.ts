import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type AssistantInfo, type ChatSettings, defaultChatSettings } from '@taskchat/api';
import { chatLimitsFrom } from '@taskchat/api/settings';
import type { ServerConfig } from './config.ts';

/** Which assistant the configuration runs: the model's name and the API's host (never the key nor the whole URL, which may hold a password). */
export function assistantFrom(config: ServerConfig): AssistantInfo {
  if (!config.CHAT_MODEL_BASE_URL || !config.CHAT_MODEL) return { kind: 'offline' };
  return { kind: 'model', model: config.CHAT_MODEL, host: new URL(config.CHAT_MODEL_BASE_URL).host };
}

/**
 * The assistant from the configuration: any OpenAI-compatible API (OpenAI, Ollama, vLLM, LM
 * Studio, OpenRouter) when CHAT_MODEL_BASE_URL and CHAT_MODEL are set, else the offline assistant.
 * The quota's production defaults (CHAT_TURNS_PER_MINUTE, CHAT_TURNS_PER_DAY, CHAT_TOKENS_PER_DAY)
 * are the schema's.
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
  return defaultChatSettings({ ...limits, model: provider(config.CHAT_MODEL), assistant: assistantFrom(config) });
}

/** The line `pnpm start` prints about the assistant: which one runs, and for the offline one how to configure a model. */
export function assistantLine(assistant: AssistantInfo): string {
  if (assistant.kind === 'model') return `Assistant: ${assistant.model} at ${assistant.host ?? 'its API'}`;
  return [
    'Assistant: the built-in offline assistant (no model configured).',
    'To use a model, set CHAT_MODEL_BASE_URL and CHAT_MODEL (and CHAT_MODEL_API_KEY if the API needs one),',
    'e.g. CHAT_MODEL_BASE_URL=http://127.0.0.1:11434/v1 CHAT_MODEL=llama3.2 for Ollama; see docs/assistant.md#models',
  ].join(' ');
}
