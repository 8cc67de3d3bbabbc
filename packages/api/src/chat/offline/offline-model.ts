import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { type Command, HELP_TEXT, parseCommand, type TaskReference } from './commands.ts';

interface ListedTask {
  number: number;
  id: string;
  title: string;
  completed: boolean;
}

/** What the model does next: call a tool, or answer with text (which ends the turn). */
type Step = { tool: string; input: Record<string, unknown> } | { text: string };

/** The last user message of the prompt, and the tool results the turn has produced since. */
function readTurn(prompt: LanguageModelV4Prompt): { text: string; results: { toolName: string; output: unknown }[] } {
  let text = '';
  let results: { toolName: string; output: unknown }[] = [];
  for (const message of prompt) {
    if (message.role === 'user') {
      text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      results = [];
    }
    if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        const output = part.output;
        const value =
          output.type === 'json' || output.type === 'text'
            ? output.value
            : { error: output.type === 'error-text' ? output.value : 'failed' };
        results.push({ toolName: part.toolName, output: value });
      }
    }
  }
  return { text, results };
}

const quote = (title: string) => `“${title}”`;

/** The title a change tool answered: update_task's task, or the first of add/complete/delete_tasks'. */
const changedTitle = (output: unknown) =>
  ((output as { tasks?: { title: string }[] }).tasks?.[0] ?? (output as { title: string })).title;

function find(tasks: ListedTask[], reference: TaskReference): ListedTask | undefined {
  if ('number' in reference) return tasks.find((task) => task.number === reference.number);
  const wanted = reference.title.toLowerCase();
  return (
    tasks.find((task) => task.title.toLowerCase() === wanted) ??
    tasks.find((task) => task.title.toLowerCase().includes(wanted))
  );
}

const describeReference = (reference: TaskReference) =>
  'number' in reference ? `task ${reference.number}` : `a task called ${quote(reference.title)}`;

function renderList(tasks: ListedTask[]): string {
  if (tasks.length === 0) return 'You have no open tasks.';
  return ['Your open tasks:', ...tasks.map((task) => `${task.number}. ${task.title}`)].join('\n');
}

/** The deterministic decision for this step, from the command and what the tools answered so far. */
function nextStep(command: Command, results: { toolName: string; output: unknown }[]): Step {
  const last = results.at(-1);
  const failed = last && typeof last.output === 'object' && last.output !== null && 'error' in last.output;
  if (failed) return { text: `That did not work: ${String((last.output as { error: unknown }).error)}` };
  switch (command.kind) {
    case 'help':
      return { text: HELP_TEXT };
    case 'add':
      if (!last) return { tool: 'add_tasks', input: { tasks: [{ title: command.title }] } };
      return { text: `Added ${quote(changedTitle(last.output))}.` };
    case 'list':
      if (!last) return { tool: 'list_tasks', input: {} };
      return { text: renderList((last.output as { tasks: ListedTask[] }).tasks) };
    case 'complete':
    case 'delete':
    case 'rename': {
      // First the list the numbers refer to, then the change, then the answer.
      if (!last) return { tool: 'list_tasks', input: {} };
      if (last.toolName === 'list_tasks') {
        const tasks = (last.output as { tasks: ListedTask[] }).tasks;
        const task = find(tasks, command.task);
        if (!task) {
          return { text: `I could not find ${describeReference(command.task)}. ${renderList(tasks)}` };
        }
        if (command.kind === 'complete') return { tool: 'complete_tasks', input: { taskIds: [task.id] } };
        if (command.kind === 'delete') return { tool: 'delete_tasks', input: { taskIds: [task.id] } };
        return { tool: 'update_task', input: { taskId: task.id, title: command.title } };
      }
      const title = changedTitle(last.output);
      if (command.kind === 'complete') return { text: `Marked ${quote(title)} as done.` };
      if (command.kind === 'delete') return { text: `Deleted ${quote(title)}.` };
      return { text: `Renamed it to ${quote(title)}.` };
    }
  }
}

const usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
};

function streamParts(step: Step, callId: string): LanguageModelV4StreamPart[] {
  if ('tool' in step) {
    return [
      { type: 'stream-start', warnings: [] },
      { type: 'tool-call', toolCallId: callId, toolName: step.tool, input: JSON.stringify(step.input) },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
    ];
  }
  // Word by word, so the offline assistant streams like a real model does.
  const words = step.text.split(/(?<=\s)/);
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 'text' },
    ...words.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 'text', delta })),
    { type: 'text-end', id: 'text' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
  ];
}

/**
 * The built-in offline assistant: a deterministic language model that understands a few task
 * commands (`commands.ts`). It is an AI SDK model like any other, so a turn with it takes the
 * very path a turn with a hosted model takes: the same tools, streaming and storage.
 */
export class OfflineAssistantModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = 'taskchat';
  readonly modelId = 'offline-assistant';
  readonly supportedUrls = {};
  private calls = 0;

  private decide(options: LanguageModelV4CallOptions): Step {
    const { text, results } = readTurn(options.prompt);
    return nextStep(parseCommand(text), results);
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const step = this.decide(options);
    const callId = `offline-${++this.calls}`;
    return {
      content:
        'tool' in step
          ? [{ type: 'tool-call', toolCallId: callId, toolName: step.tool, input: JSON.stringify(step.input) }]
          : [{ type: 'text', text: step.text }],
      finishReason: { unified: 'tool' in step ? 'tool-calls' : 'stop', raw: undefined },
      usage,
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const parts = streamParts(this.decide(options), `offline-${++this.calls}`);
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
