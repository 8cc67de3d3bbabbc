import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { type Intent, readIntent } from './intents.ts';
import { followUp, nextStep, type Step } from './plans.ts';
import { readPrompt } from './prompt-reading.ts';
import { readUserContext } from './user-context.ts';

const usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
};

/** Intents remembered per model, so the steps of a turn read their message once. */
const REMEMBERED_INTENTS = 64;

/**
 * The built-in offline assistant: a deterministic language model that understands everyday task
 * talk (intents.ts) and plans the tool calls for it (plans.ts). It is an AI SDK model like any
 * other, so a turn with it takes the very path a turn with a hosted model takes: the same tools,
 * streaming and storage. It reads the date, time zone, projects and labels from the system
 * prompt's last lines (user-context.ts) and earlier lists from the history's text.
 */
export class OfflineAssistantModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = 'taskchat';
  readonly modelId = 'offline-assistant';
  readonly supportedUrls = {};
  private calls = 0;
  /** The intent of a message in a context: pure, so remembering it changes nothing but the cost. */
  private readonly intents = new Map<string, Intent>();

  private intentOf(system: string, text: string, read: () => Intent): Intent {
    const key = `${system}\u0000${text}`;
    let intent = this.intents.get(key);
    if (!intent) {
      intent = read();
      if (this.intents.size >= REMEMBERED_INTENTS) this.intents.delete(this.intents.keys().next().value as string);
      this.intents.set(key, intent);
    }
    return intent;
  }

  private decide(options: LanguageModelV4CallOptions): Step {
    const { system, text, earlier, steps } = readPrompt(options.prompt);
    const context = readUserContext(system);
    const read = (message: string) => this.intentOf(system, message, () => readIntent(message, context));
    const turn = { text, context, earlier, steps };
    return nextStep(followUp(turn, read(text), read), turn);
  }

  private content(step: Step): LanguageModelV4Content[] {
    if ('text' in step) return [{ type: 'text', text: step.text }];
    return step.calls.map((call) => ({
      type: 'tool-call',
      toolCallId: `offline-${++this.calls}`,
      toolName: call.tool,
      input: JSON.stringify(call.input),
    }));
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const step = this.decide(options);
    return {
      content: this.content(step),
      finishReason: { unified: 'text' in step ? 'stop' : 'tool-calls', raw: undefined },
      usage,
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const step = this.decide(options);
    const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    if ('text' in step) {
      // Word by word, so the offline assistant streams like a real model does.
      parts.push({ type: 'text-start', id: 'text' });
      for (const delta of step.text.split(/(?<=\s)/)) parts.push({ type: 'text-delta', id: 'text', delta });
      parts.push({ type: 'text-end', id: 'text' });
    } else {
      for (const part of this.content(step)) if (part.type === 'tool-call') parts.push(part);
    }
    parts.push({
      type: 'finish',
      finishReason: 'text' in step ? { unified: 'stop', raw: 'stop' } : { unified: 'tool-calls', raw: 'tool_calls' },
      usage,
    });
    return {
      stream: new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }
}
