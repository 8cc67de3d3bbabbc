import { randomUUID } from 'node:crypto';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';

/** Model steps for the AI SDK's MockLanguageModelV4: what a provider would stream, scripted by a test. */

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};
export const text = (...deltas: string[]): LanguageModelV4StreamPart[] => [
  { type: 'text-start', id: 't' },
  ...deltas.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't', delta })),
  { type: 'text-end', id: 't' },
];
export const call = (toolName: string, input: object, id = randomUUID()): LanguageModelV4StreamPart => ({
  type: 'tool-call',
  toolCallId: id,
  toolName,
  input: JSON.stringify(input),
});
export const finish = (reason: 'stop' | 'tool-calls'): LanguageModelV4StreamPart => ({
  type: 'finish',
  finishReason: { unified: reason, raw: reason },
  usage,
});
/** One model step: its stream parts, optionally slowed down. */
export const step = (parts: LanguageModelV4StreamPart[], chunkDelayInMs: number | null = null) => ({
  stream: simulateReadableStream({
    chunks: [{ type: 'stream-start', warnings: [] } as LanguageModelV4StreamPart, ...parts],
    initialDelayInMs: null,
    chunkDelayInMs,
  }),
});

/** A model step that streams only once the test opens it: a turn held mid-way, however slow the machine. */
export function gatedStep(parts: LanguageModelV4StreamPart[]) {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const result = {
    stream: new ReadableStream<LanguageModelV4StreamPart>({
      async start(controller) {
        await gate;
        for (const part of [{ type: 'stream-start', warnings: [] } as LanguageModelV4StreamPart, ...parts]) {
          controller.enqueue(part);
        }
        controller.close();
      },
    }),
  };
  return { result, open: () => open() };
}

/** A model step the test feeds part by part (`push`), ending it with `end`: a turn observed mid-way. */
export function controlledStep() {
  let controller!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
  const stream = new ReadableStream<LanguageModelV4StreamPart>({
    start(c) {
      controller = c;
      controller.enqueue({ type: 'stream-start', warnings: [] });
    },
  });
  return {
    result: { stream },
    push: (...parts: LanguageModelV4StreamPart[]) => {
      for (const part of parts) controller.enqueue(part);
    },
    end: () => controller.close(),
  };
}

/** A step's `finish` whose provider reports these tokens (`cached`: input tokens it read from its cache). */
export const finishUsing = (
  reason: 'stop' | 'tool-calls',
  tokens: { input: number; output: number; cached?: number },
): LanguageModelV4StreamPart => ({
  type: 'finish',
  finishReason: { unified: reason, raw: reason },
  usage: {
    inputTokens: {
      total: tokens.input,
      noCache: tokens.input - (tokens.cached ?? 0),
      cacheRead: tokens.cached,
      cacheWrite: undefined,
    },
    outputTokens: { total: tokens.output, text: tokens.output, reasoning: undefined },
  },
});
