import type { MessagePart } from '@taskchat/client';

/** How a message shows: its text, and a chip for each thing it did to a task. */
export type DisplayPart =
  | { kind: 'text'; text: string }
  | { kind: 'task'; verb: string; title: string; taskId: string | null }
  | { kind: 'working'; what: string }
  | { kind: 'tool-error'; error: string };

/** The task tools, by what a chip says they did; a deleted task has nothing left to link to. */
const TASK_TOOLS: Record<string, { done: string; working: string; links: boolean }> = {
  add_task: { done: 'added task', working: 'adding a task…', links: true },
  complete_task: { done: 'completed task', working: 'completing a task…', links: true },
  update_task: { done: 'updated task', working: 'updating a task…', links: true },
  delete_task: { done: 'deleted task', working: 'deleting a task…', links: false },
};

function taskOf(output: unknown): { id: string; title: string } | null {
  if (typeof output !== 'object' || output === null) return null;
  const { id, title } = output as Record<string, unknown>;
  return typeof id === 'string' && typeof title === 'string' ? { id, title } : null;
}

export function displayParts(parts: MessagePart[]): DisplayPart[] {
  // A call shows as work in progress until its result (or error) arrives.
  const finished = new Set(
    parts.flatMap((part) => (part.type === 'tool-result' || part.type === 'tool-error' ? [part.toolCallId] : [])),
  );
  const shown: DisplayPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text) shown.push({ kind: 'text', text: part.text });
      continue;
    }
    const tool = TASK_TOOLS[part.toolName];
    if (part.type === 'tool-error') shown.push({ kind: 'tool-error', error: part.error });
    else if (!tool) continue;
    else if (part.type === 'tool-call') {
      if (!finished.has(part.toolCallId)) shown.push({ kind: 'working', what: tool.working });
    } else {
      const task = taskOf(part.output);
      if (task) shown.push({ kind: 'task', verb: tool.done, title: task.title, taskId: tool.links ? task.id : null });
    }
  }
  return shown;
}
