import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { ToolOutcome } from './tool-shapes.ts';

/**
 * What the offline assistant reads from a prompt: the system text, the last user message, the
 * conversation before it (message text only, as the history holds it), and this turn's tool
 * outcomes so far, one array per model step in the order of that step's calls.
 */
export interface PromptReading {
  system: string;
  text: string;
  earlier: { role: 'user' | 'assistant'; text: string }[];
  steps: ToolOutcome[][];
}

type Part = { type: string; text?: string };
const textOf = (content: string | Part[]): string =>
  typeof content === 'string'
    ? content
    : content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');

export function readPrompt(prompt: LanguageModelV4Prompt): PromptReading {
  let lastUser = -1;
  for (let i = prompt.length - 1; i >= 0; i--) {
    if (prompt[i]?.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const system: string[] = [];
  const earlier: PromptReading['earlier'] = [];
  for (const [i, message] of prompt.entries()) {
    if (message.role === 'system') system.push(message.content);
    else if (i < lastUser && (message.role === 'user' || message.role === 'assistant')) {
      const text = textOf(message.content as Part[]);
      if (text.trim() !== '') earlier.push({ role: message.role, text });
    }
  }
  const user = prompt[lastUser];
  const text = user?.role === 'user' ? textOf(user.content as Part[]) : '';

  // This turn's steps: each assistant message's tool calls, answered by the tool messages after it.
  const steps: ToolOutcome[][] = [];
  const pending = new Map<string, { step: ToolOutcome[]; index: number }>();
  for (const message of prompt.slice(lastUser + 1)) {
    if (message.role === 'assistant') {
      const step: ToolOutcome[] = [];
      for (const part of message.content) {
        if (part.type !== 'tool-call') continue;
        pending.set(part.toolCallId, { step, index: step.length });
        step.push({ ok: false, error: 'No result' });
      }
      if (step.length > 0) steps.push(step);
    } else if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        const slot = pending.get(part.toolCallId);
        if (!slot) continue;
        const { output } = part;
        slot.step[slot.index] =
          output.type === 'json' || output.type === 'text'
            ? { ok: true, output: output.value }
            : {
                ok: false,
                // The SDK writes a thrown error as "DomainError: No project called …": the message is what counts.
                error:
                  output.type === 'error-text'
                    ? output.value.replace(/^\w*Error: /, '')
                    : output.type === 'error-json'
                      ? JSON.stringify(output.value)
                      : 'The tool failed',
              };
      }
    }
  }
  return { system: system.join('\n'), text, earlier, steps };
}
