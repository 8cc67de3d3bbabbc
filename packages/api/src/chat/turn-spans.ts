import { type Attributes, type Context, context, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { LanguageModelCallEndEvent, LanguageModelCallStartEvent, Telemetry, TelemetryOptions } from 'ai';
import { DomainError } from '../errors.ts';
import { tracer } from '../tracing/tracer.ts';
import type { ChatErrorCode } from './chat-events.ts';
import { addStepUsage, NO_TOKENS, type TokenCounts } from './turn-usage.ts';

/**
 * The AI SDK's view of one turn as spans, under the turn's: `chat.model` for each model call (one
 * per step: provider, model, tokens, finish reason) and `chat.tool <name>` for each tool call
 * (name, outcome), active while the tool runs so its statements nest under it. Nothing of the
 * prompt, the answer or a tool's input or output is read from the events.
 */
class TurnSpans implements Telemetry {
  readonly #turn: Context;
  #modelCall: Span | undefined;
  /** The turn's tokens so far, counted as the turn records them. */
  tokens: TokenCounts = NO_TOKENS;

  constructor(turn: Context) {
    this.#turn = turn;
  }

  onLanguageModelCallStart(event: LanguageModelCallStartEvent): void {
    this.#modelCall = tracer.startSpan(
      'chat.model',
      {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': event.provider,
          'gen_ai.request.model': event.modelId,
        },
      },
      this.#turn,
    );
  }

  onLanguageModelCallEnd(event: LanguageModelCallEndEvent): void {
    const call = addStepUsage(NO_TOKENS, event.usage);
    this.tokens = addStepUsage(this.tokens, event.usage);
    this.#modelCall?.setAttributes({
      'gen_ai.usage.input_tokens': call.inputTokens,
      'gen_ai.usage.output_tokens': call.outputTokens,
      'gen_ai.response.finish_reasons': [event.finishReason],
    });
    this.#modelCall?.end();
    this.#modelCall = undefined;
  }

  /** A model call that failed or was cut short (the SDK then reports the step's error, or an abort). */
  endFailedModelCall(): void {
    this.#modelCall?.setStatus({ code: SpanStatusCode.ERROR });
    this.#modelCall?.end();
    this.#modelCall = undefined;
  }

  onStepError(): void {
    this.endFailedModelCall();
  }

  onAbort(): void {
    this.endFailedModelCall();
  }

  async executeTool<T>(options: { toolCall?: { toolName: string }; execute: () => PromiseLike<T> }): Promise<T> {
    const name = options.toolCall?.toolName ?? 'unknown';
    const attributes: Attributes = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name };
    return await tracer.startActiveSpan(`chat.tool ${name}`, { attributes }, this.#turn, async (span) => {
      try {
        const result = await options.execute();
        span.setAttribute('chat.tool.outcome', 'OK');
        return result;
      } catch (error) {
        // A domain error is the tool refusing (NOT_FOUND, BAD_REQUEST…); anything else failed.
        span.setAttribute('chat.tool.outcome', error instanceof DomainError ? error.code : 'ERROR');
        if (!(error instanceof DomainError)) span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/**
 * Runs a chat turn in a span `chat.turn` (the model's name, the turn's outcome: OK or its error
 * code, its tokens), giving the turn the telemetry options that make its model and tool spans. The
 * AI SDK records no inputs or outputs for any integration (recordInputs/recordOutputs off).
 */
export function traceTurn(
  model: string,
  run: (telemetry: TelemetryOptions) => Promise<ChatErrorCode | null>,
): Promise<void> {
  return tracer.startActiveSpan('chat.turn', { attributes: { 'gen_ai.request.model': model } }, async (span) => {
    const spans = new TurnSpans(context.active());
    try {
      // Without a recording turn span (no SDK, or the trace sampled out) the AI SDK's telemetry stays
      // off: its integration costs a turn some 50 µs of CPU even when its spans are no-ops.
      const telemetry = span.isRecording()
        ? { integrations: spans, recordInputs: false, recordOutputs: false }
        : { isEnabled: false };
      const errorCode = await run(telemetry);
      span.setAttribute('chat.turn.outcome', errorCode ?? 'OK');
      if (errorCode) span.setStatus({ code: SpanStatusCode.ERROR });
    } catch (error) {
      // Storing the turn failed (the caller logs it).
      span.setAttribute('chat.turn.outcome', 'MODEL_ERROR');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      spans.endFailedModelCall();
      span.setAttributes({
        'gen_ai.usage.input_tokens': spans.tokens.inputTokens,
        'gen_ai.usage.output_tokens': spans.tokens.outputTokens,
      });
      span.end();
    }
  });
}
