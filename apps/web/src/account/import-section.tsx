import { useId } from 'react';
import { type ImportSummary, useImportFile } from './use-import-file.ts';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the import did, in sentences: only of what the file held. */
function summaryLines(summary: ImportSummary): string[] {
  const lines: string[] = [];
  if (summary.taskCalls > 0) {
    lines.push(
      `Tasks: ${count(summary.storedTasks, 'task')} stored, ${summary.skippedTasks} already here; ` +
        `${count(summary.createdProjects, 'project')} and ${count(summary.createdLabels, 'label')} created.`,
    );
  }
  if (summary.conversationCalls > 0) {
    lines.push(
      `Conversations: ${summary.createdConversations} new, ${summary.existingConversations} already here; ` +
        `${count(summary.storedMessages, 'message')} stored, ${summary.skippedMessages} already here.`,
    );
  }
  if (lines.length === 0 && summary.errors.length === 0) lines.push('Nothing to import in this file.');
  return lines;
}

/**
 * Import an export file (`GET /export`'s, whole or one conversation of it): the progress as it
 * goes, then what was stored and skipped, and the server's refusals with the file's line numbers.
 */
export function ImportSection() {
  const inputId = useId();
  const { state, importFile } = useImportFile();
  const running = state.phase === 'running';
  return (
    <>
      <p>
        A file downloaded here, from this account or another: its tasks, projects and labels, and each of its
        conversations. What is already here (imported before) is skipped.
      </p>
      <div className="field">
        <label htmlFor={inputId}>Export file to import</label>
        <input
          id={inputId}
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson"
          disabled={running}
          onChange={(event) => {
            const file = event.target.files?.[0];
            // The same file can be chosen again (after a fix, say).
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <div role="status" className="import-status">
        {running && (
          <>
            <progress value={state.done} max={state.total} aria-label="Import progress" />
            <span>
              Importing {Math.min(state.done + 1, state.total)} of {state.total}…
            </span>
          </>
        )}
        {state.phase === 'done' && (
          <ul className="import-summary" aria-label="Import summary">
            {summaryLines(state.summary).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      {state.phase === 'done' && state.summary.errors.length > 0 && (
        <div className="import-errors" role="alert">
          {/* A bad header is every call's refusal: said once. */}
          <p className="form-error">Not imported (each part is all or nothing):</p>
          <ul>
            {[...new Set(state.summary.errors)].map((error) => (
              <li key={error} className="form-error">
                {error}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
