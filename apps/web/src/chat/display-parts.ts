import type { MessagePart } from '@taskchat/client';

/**
 * What a chip's change did to its task, for whether the chip can link to it: an added task is
 * gone once the add is undone, a deleted one is back; `revert` (an undo's own change) may have
 * been either, which only the message's recorded effects tell.
 */
export type ChipEffect = 'add' | 'change' | 'delete' | 'revert';

/** How a message shows: its text, and a chip for each thing it did to a task. */
export type DisplayPart =
  | { kind: 'text'; text: string }
  | { kind: 'task'; label: string; taskId: string; effect: ChipEffect }
  | { kind: 'working'; what: string }
  | { kind: 'tool-error'; error: string };

interface TaskTool {
  effect: ChipEffect;
  /** What the chip says when the result names no `change` (messages stored before it did). */
  done: string;
  working: string;
}

/**
 * The tools that change tasks, by name: today's (bulk ones answer `{ tasks: [...] }`, undo
 * `{ reverted: [...] }`) and the single-task ones older messages were written with.
 */
const TASK_TOOLS: Record<string, TaskTool> = {
  add_tasks: { effect: 'add', done: 'added task', working: 'adding tasks…' },
  update_task: { effect: 'change', done: 'updated task', working: 'updating a task…' },
  complete_tasks: { effect: 'change', done: 'completed task', working: 'completing tasks…' },
  reschedule_tasks: { effect: 'change', done: 'rescheduled task', working: 'rescheduling tasks…' },
  move_task: { effect: 'change', done: 'moved task', working: 'moving a task…' },
  delete_tasks: { effect: 'delete', done: 'deleted task', working: 'deleting tasks…' },
  undo_last_turn: { effect: 'revert', done: 'reverted', working: 'undoing…' },
  add_task: { effect: 'add', done: 'added task', working: 'adding a task…' },
  complete_task: { effect: 'change', done: 'completed task', working: 'completing a task…' },
  delete_task: { effect: 'delete', done: 'deleted task', working: 'deleting a task…' },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The tasks a tool result names, each with what changed (when it says). */
function changedTasks(output: unknown): { id: string; title: string; change: string | null }[] {
  if (!isRecord(output)) return [];
  const list = Array.isArray(output.tasks) ? output.tasks : Array.isArray(output.reverted) ? output.reverted : [output];
  return list.flatMap((item: unknown) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.title !== 'string') return [];
    return [
      { id: item.id, title: item.title, change: typeof item.change === 'string' && item.change ? item.change : null },
    ];
  });
}

/** Whether the message's tool results changed any task (so it may have something to undo). */
export const changesTasks = (parts: MessagePart[] | null): boolean =>
  parts?.some((part) => part.type === 'tool-result' && part.toolName in TASK_TOOLS) ?? false;

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
      for (const task of changedTasks(part.output)) {
        const label = task.change ?? `${tool.done} ${task.title}`;
        shown.push({ kind: 'task', label, taskId: task.id, effect: tool.effect });
      }
    }
  }
  return shown;
}

/** What a message's recorded effects say about one task (`chat.effects`). */
interface RecordedEffect {
  taskId: string;
  action: string;
}

/**
 * Whether a chip's task is still there to link to, once the message's changes are (or are not)
 * undone. An undo's own chip links unless the message's effects say it deleted the task (it
 * reverted an add); before they are known it does not.
 */
export function chipLinks(part: Extract<DisplayPart, { kind: 'task' }>, undone: boolean, effects?: RecordedEffect[]) {
  if (part.effect === 'revert') {
    const last = effects?.findLast((effect) => effect.taskId === part.taskId);
    return last !== undefined && last.action !== 'delete';
  }
  return undone ? part.effect !== 'add' : part.effect !== 'delete';
}
