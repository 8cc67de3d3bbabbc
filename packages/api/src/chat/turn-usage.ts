import type { LanguageModelUsage } from 'ai';

/** The tokens a turn's model calls used, as the provider reported them. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** Of the input tokens, those the provider served from its cache. */
  cachedInputTokens: number;
}

/** What a finished turn records in `chat_turns`: its model, its tokens, and how long it took. */
export interface TurnUsage extends TokenCounts {
  /** `provider:modelId`, or the configured model's name. */
  model: string;
  /** From the turn's start to its stored answer. */
  latencyMs: number;
}

export const NO_TOKENS: TokenCounts = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

/** A count as the columns hold it: what a provider left out (or sent as nonsense) is 0. */
const count = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;

/**
 * `total` plus one model step's usage (a `finish-step` part). The sum over the steps is the AI SDK's
 * total usage, and it also holds for a turn cut short before the SDK's final `finish` part.
 */
export function addStepUsage(total: TokenCounts, step: LanguageModelUsage): TokenCounts {
  return {
    inputTokens: total.inputTokens + count(step.inputTokens),
    outputTokens: total.outputTokens + count(step.outputTokens),
    cachedInputTokens: total.cachedInputTokens + count(step.inputTokenDetails.cacheReadTokens),
  };
}
