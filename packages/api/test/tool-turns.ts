import { randomUUID } from 'node:crypto';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { type ChatEvent, createCaller, defaultChatSettings, type TaskEffect } from '../src/index.ts';
import type { Harness } from './harness.ts';
import { call, finish, step, text } from './scripted-model.ts';

/** Chat turns whose model makes scripted tool calls, one step each, then says "ok": the tools as a real model uses them. */

export interface ToolCall {
  tool: string;
  input: unknown;
}

export interface ToolTurnResult {
  events: ChatEvent[];
  conversationId: string;
  /** The turn's clientId (sent again, it replays the turn). */
  clientId: string;
  /** The stored assistant message's id and effects. */
  messageId: string;
  effects: TaskEffect[];
  /** Each call's outcome, in the order made: its result, or its error's text. */
  outcomes: ({ output: unknown } | { error: string })[];
  /** What the model was given back, step by step (the prompt of its last call). */
  model: MockLanguageModelV4;
}

/** What the user says in every tool turn. */
export const TOOL_TURN_CONTENT = 'do it';

/** A step that calls a tool with raw argument text (garbage JSON, a wrong type). */
export const rawCall = (tool: string, input: string): LanguageModelV4StreamPart => ({
  type: 'tool-call',
  toolCallId: randomUUID(),
  toolName: tool,
  input,
});

type Made = ToolCall | LanguageModelV4StreamPart;
const part = (made: Made) => ('tool' in made ? call(made.tool, made.input as object) : made);

/** One turn of `token`'s user: each entry is a model step making that call (an array: those calls at once). */
export async function toolTurn(
  api: Harness,
  token: string,
  calls: (Made | Made[])[],
  conversationId?: string,
): Promise<ToolTurnResult> {
  const steps = calls.map((made) => step([...(Array.isArray(made) ? made : [made]).map(part), finish('tool-calls')]));
  const model = new MockLanguageModelV4({ doStream: [...steps, step([...text('ok'), finish('stop')])] });
  const caller = createCaller(
    { ...api.deps, chat: defaultChatSettings({ model, maxSteps: calls.length + 1 }) },
    { token },
  );
  const events: ChatEvent[] = [];
  const clientId = randomUUID();
  for await (const event of await caller.chat.send({ content: TOOL_TURN_CONTENT, clientId, conversationId })) {
    events.push(event);
  }
  const first = events[0];
  const last = events.at(-1);
  if (first?.type !== 'user-message' || last?.type !== 'assistant-message') {
    throw new Error(`the turn did not complete: ${JSON.stringify(events.map((event) => event.type))}`);
  }
  const outcomes = events.flatMap((event): ToolTurnResult['outcomes'] => {
    if (event.type === 'tool-result') return [{ output: event.output }];
    if (event.type === 'tool-error') return [{ error: event.error }];
    return [];
  });
  return {
    events,
    conversationId: first.conversationId,
    clientId,
    messageId: last.message.id,
    effects: last.effects,
    outcomes,
    model,
  };
}

/** The call's result (failing the test when it was an error). */
export function output<T = Record<string, unknown>>(result: ToolTurnResult, index = 0): T {
  const outcome = result.outcomes[index];
  if (!outcome || !('output' in outcome)) throw new Error(`call ${index} failed: ${JSON.stringify(outcome)}`);
  return outcome.output as T;
}

/** The call's error text (failing the test when it succeeded). */
export function toolError(result: ToolTurnResult, index = 0): string {
  const outcome = result.outcomes[index];
  if (!outcome || !('error' in outcome)) throw new Error(`call ${index} succeeded: ${JSON.stringify(outcome)}`);
  return outcome.error;
}
