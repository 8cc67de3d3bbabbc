import { errorCode, isTaskchatError } from '@taskchat/client';
import { useState } from 'react';
import { useRefreshConversationLists } from '../conversations/use-refresh-conversation-lists.ts';
import { errorText } from '../errors/error-text.ts';
import { signOutWhenUnauthorized } from '../session/session-token.ts';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPCClient } from '../trpc.ts';
import { type ImportCall, planImport, withFileLine } from './import-plan.ts';

/** What an import stored and skipped, summed over its calls, and what the server refused. */
export interface ImportSummary {
  storedTasks: number;
  skippedTasks: number;
  createdProjects: number;
  createdLabels: number;
  createdConversations: number;
  existingConversations: number;
  storedMessages: number;
  skippedMessages: number;
  /** Calls of each kind made (the summary speaks of those only). */
  taskCalls: number;
  conversationCalls: number;
  /** The server's refusals, their line numbers the file's. */
  errors: string[];
}

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; summary: ImportSummary };

/** Waits asked for by the server (another import of ours running, the import rate) before giving up. */
const MAX_WAITS = 3;

const emptySummary = (): ImportSummary => ({
  storedTasks: 0,
  skippedTasks: 0,
  createdProjects: 0,
  createdLabels: 0,
  createdConversations: 0,
  existingConversations: 0,
  storedMessages: 0,
  skippedMessages: 0,
  taskCalls: 0,
  conversationCalls: 0,
  errors: [],
});

/** A refusal that names no line, said with the part of the file it is about. */
function refusalText(error: unknown, imported: ImportCall): string {
  const text = withFileLine(errorText(error), imported);
  if (text.startsWith('Line ')) return text;
  const what = imported.procedure === 'tasks' ? 'The projects, labels and tasks' : 'The conversation';
  return `${what} at line ${imported.about}: ${text}`;
}

/**
 * Imports an export file through `tasks.import` and `conversations.import` (`import-plan.ts`),
 * one call at a time, counting them done; each call is all or nothing on the server, and a refused
 * one does not stop the others. When the server asks to wait (TOO_MANY_REQUESTS with a retry
 * time: another import running, the rate), the call is made again after that wait.
 */
export function useImportFile(): { state: ImportState; importFile: (file: File) => Promise<void> } {
  const client = useTRPCClient();
  const refreshTasks = useRefreshTasks();
  const refreshConversations = useRefreshConversationLists();
  const [state, setState] = useState<ImportState>({ phase: 'idle' });

  async function send(imported: ImportCall, summary: ImportSummary): Promise<void> {
    const { ndjson } = imported;
    if (imported.procedure === 'tasks') {
      const result = await client.tasks.import.mutate({ ndjson });
      summary.taskCalls++;
      summary.storedTasks += result.storedTasks;
      summary.skippedTasks += result.skippedTasks;
      summary.createdProjects += result.createdProjects;
      summary.createdLabels += result.createdLabels;
    } else {
      const result = await client.conversations.import.mutate({ ndjson });
      summary.conversationCalls++;
      if (result.status === 'created') summary.createdConversations++;
      else summary.existingConversations++;
      summary.storedMessages += result.storedMessages;
      summary.skippedMessages += result.skippedMessages;
    }
  }

  async function sendWaiting(imported: ImportCall, summary: ImportSummary): Promise<void> {
    for (let waits = 0; ; waits++) {
      try {
        return await send(imported, summary);
      } catch (error) {
        const retryAfter = isTaskchatError(error) ? error.data?.retryAfter : null;
        if (errorCode(error) !== 'TOO_MANY_REQUESTS' || !retryAfter || waits === MAX_WAITS) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      }
    }
  }

  async function importFile(file: File): Promise<void> {
    const calls = planImport(await file.text());
    const summary = emptySummary();
    setState({ phase: 'running', done: 0, total: calls.length });
    for (const [index, imported] of calls.entries()) {
      try {
        await sendWaiting(imported, summary);
      } catch (error) {
        // Signed out meanwhile: nothing more can be imported.
        if (errorCode(error) === 'UNAUTHORIZED') return signOutWhenUnauthorized(error);
        summary.errors.push(refusalText(error, imported));
      }
      setState({ phase: 'running', done: index + 1, total: calls.length });
    }
    setState({ phase: 'done', summary });
    await Promise.all([refreshTasks(), refreshConversations()]);
  }

  return { state, importFile };
}
