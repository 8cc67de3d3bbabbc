import type { LanguageModel } from 'ai';
import { OfflineAssistantModel } from './offline/offline-model.ts';

/** How the assistant runs: server configuration, the same for every turn. */
export interface ChatSettings {
  model: LanguageModel;
  /** The system prompt, never stored as a message. */
  instructions: string;
  /** Longest a turn may take, model and tools together, in milliseconds. */
  timeoutMs: number;
  /** Most model steps (calls) in one turn; each tool round trip is one. */
  maxSteps: number;
  /** The history a turn reads: the newest messages whose contents fit in this many characters. */
  historyChars: number;
  /** Turns a user may start per minute and per day (0: no limit). */
  turnsPerMinute: number;
  turnsPerDay: number;
}

export const DEFAULT_INSTRUCTIONS = [
  "You are Taskchat's assistant. You manage the user's todo list with the tools you have:",
  'add_task, list_tasks, complete_task, update_task and delete_task.',
  'Use list_tasks to find a task before changing it, refer to tasks by their titles, and keep answers short.',
].join(' ');

/** The settings a server uses when nothing else is configured: the offline assistant. */
export function defaultChatSettings(overrides: Partial<ChatSettings> = {}): ChatSettings {
  return {
    model: new OfflineAssistantModel(),
    instructions: DEFAULT_INSTRUCTIONS,
    timeoutMs: 60_000,
    maxSteps: 6,
    historyChars: 24_000,
    turnsPerMinute: 0,
    turnsPerDay: 0,
    ...overrides,
  };
}
