import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { type LanguageModel, wrapLanguageModel } from 'ai';
import { counter, histogram, secondsSince } from './registry.ts';

const duration = histogram({
  name: 'taskchat_model_call_duration_seconds',
  help: "One model call (a step of a chat turn) from the request to the model's last streamed part, by provider, model and outcome (ok, error, aborted)",
  labelNames: ['provider', 'model', 'outcome'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120],
});

const tokens = counter({
  name: 'taskchat_model_tokens_total',
  help: 'Tokens the model reported for its calls, by provider, model and kind (input, output)',
  labelNames: ['provider', 'model', 'kind'],
});

type Labels = { provider: string; model: string };

function countTokens(labels: Labels, usage: LanguageModelV4Usage): void {
  tokens.inc({ ...labels, kind: 'input' }, usage.inputTokens.total ?? 0);
  tokens.inc({ ...labels, kind: 'output' }, usage.outputTokens.total ?? 0);
}

/**
 * `model`, timing each call and counting the tokens it reports, labelled by the provider and model
 * names (the configuration's: a bounded set). Nothing of what is sent or answered is looked at but
 * the usage. A model named by a string (a gateway id) is returned as it is.
 */
export function observedModel(model: LanguageModel): LanguageModel {
  if (typeof model === 'string') return model;
  return wrapLanguageModel({
    model,
    middleware: {
      async wrapGenerate({ doGenerate, model: inner }) {
        const labels = { provider: inner.provider, model: inner.modelId };
        const started = performance.now();
        try {
          const result = await doGenerate();
          countTokens(labels, result.usage);
          duration.observe({ ...labels, outcome: 'ok' }, secondsSince(started));
          return result;
        } catch (error) {
          duration.observe({ ...labels, outcome: 'error' }, secondsSince(started));
          throw error;
        }
      },
      async wrapStream({ doStream, params, model: inner }) {
        const labels = { provider: inner.provider, model: inner.modelId };
        const started = performance.now();
        let observed = false;
        // The turn stopped waiting: its timeout, or a shutdown.
        const aborted = () => done('aborted');
        const done = (outcome: string) => {
          if (observed) return;
          observed = true;
          params.abortSignal?.removeEventListener('abort', aborted);
          duration.observe({ ...labels, outcome }, secondsSince(started));
        };
        params.abortSignal?.addEventListener('abort', aborted, { once: true });
        let result: Awaited<ReturnType<typeof doStream>>;
        try {
          result = await doStream();
        } catch (error) {
          done('error');
          throw error;
        }
        let outcome = 'ok';
        const stream = result.stream.pipeThrough(
          new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
            transform(part, controller) {
              if (part.type === 'finish') countTokens(labels, part.usage);
              else if (part.type === 'error') outcome = 'error';
              controller.enqueue(part);
            },
            flush: () => done(outcome),
          }),
        );
        return { ...result, stream };
      },
    },
  });
}
