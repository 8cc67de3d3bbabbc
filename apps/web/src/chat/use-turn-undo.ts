import { useMutation } from '@tanstack/react-query';
import { errorCode, type TaskEffect } from '@taskchat/client';
import { useState } from 'react';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';

export interface TurnUndo {
  /** The answer has changes of its own (not an undo's) still in place. */
  undoable: boolean;
  undone: boolean;
  /** Undone by a click on this page (rather than known from the record). */
  undoneHere: boolean;
  /** What undoing it here reverted; null when it was undone before this page knew (a reload, another tab). */
  reverted: TaskEffect[] | null;
  undo: () => void;
  pending: boolean;
  /** Why the undo failed; an answer already undone is no failure, it shows as undone. */
  error: unknown;
}

/**
 * Undoing one answer's task changes (`chat.undo`), from what its recorded effects say: each
 * effect records when it was undone, so an answer undone in another tab, by "undo" in the chat,
 * or before a reload shows as undone. The server reverts exactly once: a second undo is CONFLICT.
 */
export function useTurnUndo(messageId: string | undefined, effects: TaskEffect[] | undefined): TurnUndo {
  const trpc = useTRPC();
  const refresh = useRefreshTasks();
  const [undoneHere, setUndoneHere] = useState<TaskEffect[] | 'before' | null>(null);
  const mutation = useMutation(
    trpc.chat.undo.mutationOptions({
      onSuccess: ({ reverted }) => setUndoneHere(reverted),
      onError: (error) => {
        if (errorCode(error) === 'CONFLICT') setUndoneHere('before');
      },
      // The task lists and every answer's effects (this one's are undone now) are out of date.
      onSettled: () => refresh(),
    }),
  );
  const own = effects?.filter((effect) => effect.undoes === null) ?? [];
  const undone = undoneHere !== null || own.some((effect) => effect.undoneAt !== null);
  return {
    undoable: messageId !== undefined && own.length > 0 && !undone,
    undone,
    undoneHere: undoneHere !== null,
    reverted: Array.isArray(undoneHere) ? undoneHere : null,
    undo: () => {
      if (messageId) mutation.mutate({ messageId });
    },
    pending: mutation.isPending,
    error: errorCode(mutation.error) === 'CONFLICT' ? null : mutation.error,
  };
}
