/**
 * What the offline assistant sends to the task tools and reads back, as the tools' contract
 * (task-tools.ts) defines them. The model reads results from the prompt as JSON, so these are
 * the shapes it expects; a listed task is the tools' own type.
 */

export type TaskView = 'open' | 'today' | 'upcoming' | 'overdue' | 'inbox' | 'all' | 'done';
export type Priority = 1 | 2 | 3 | 4;

/** The tools' own shape, from a file that imports nothing of theirs (no import cycle). */
export type { ListedTask } from '../tools/listed-task-shape.ts';

export interface ListTasksInput {
  view?: TaskView;
  project?: string;
  label?: string;
  priority?: Priority;
  search?: string;
  dueFrom?: string;
  dueTo?: string;
  limit?: number;
}

export interface AddTaskInput {
  title: string;
  due?: string;
  deadline?: string;
  priority?: Priority;
  project?: string;
  labels?: string[];
  recurrence?: string;
  reminders?: string[];
}

/** One tool call the model makes. */
export interface ToolCall {
  tool: string;
  input: Record<string, unknown>;
}

/** What a tool call came back with: its output, or the error the model sees. */
export type ToolOutcome = { ok: true; output: unknown } | { ok: false; error: string };
