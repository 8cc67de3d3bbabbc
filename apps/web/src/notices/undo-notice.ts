import { errorText } from '../errors/error-text.ts';
import type { Notice } from './notices.tsx';

/** How long "Undo" is offered (a task completed or deleted, a conversation deleted). */
export const UNDO_MS = 6_000;

/** What shows when an Undo was refused or could not reach the server: the reason, in the user's words. */
export function undoFailedNotice(error: unknown): Omit<Notice, 'id'> {
  return { kind: 'info', text: `Could not undo: ${errorText(error)}`, duration: UNDO_MS };
}
