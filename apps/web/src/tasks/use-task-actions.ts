import { useMutation } from '@tanstack/react-query';
import { useToday } from '../account/use-time-zone.ts';
import { useNotices } from '../notices/notices.tsx';
import { UNDO_MS, undoFailedNotice } from '../notices/undo-notice.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { dueText } from './dates.ts';
import type { Task } from './task-types.ts';
import { useRefreshTasks } from './use-task-changes.ts';

/** Complete, reopen, delete: each refreshes the lists, and complete and delete offer an undo. */
export function useTaskActions() {
  const trpc = useTRPC();
  const refresh = useRefreshTasks();
  const { show } = useNotices();
  const { today } = useToday();
  const client = useTRPCClient();
  // Undo outlives the row (a completed task leaves the list): it calls the client itself.
  const undo = (call: () => Promise<unknown>) => () => {
    call()
      .catch((error: unknown) => show(undoFailedNotice(error)))
      .finally(refresh);
  };
  const options = { onSuccess: refresh, onError: refresh };
  const reopen = useMutation(trpc.tasks.reopen.mutationOptions(options));
  const complete = useMutation(trpc.tasks.complete.mutationOptions(options));
  /** Completes `before` (and the server, its open subtasks); the notice names a recurring task's next due date, and Undo puts things back. */
  async function completeTask(before: Task, openSubtaskIds: string[] = []): Promise<Task> {
    const task = await complete.mutateAsync({ id: before.id });
    // A recurring task stays open, due at its next occurrence: undoing moves the due date back
    // (tasks.reopen would change nothing; the server keeps the completion in its history).
    const recurred = !task.completed;
    const next = recurred && task.due ? ` Next: ${dueText(task.due, today)}.` : '';
    const previousDue = before.due ? { date: before.due.date, time: before.due.time } : null;
    show({
      kind: 'undo',
      text: `Completed “${task.title}”.${next}`,
      undo: undo(() =>
        recurred
          ? client.tasks.update.mutate({ id: task.id, due: previousDue })
          : // Completing a parent completed its open subtasks: undo reopens those too.
            Promise.all([task.id, ...openSubtaskIds].map((id) => client.tasks.reopen.mutate({ id }))),
      ),
      duration: UNDO_MS,
    });
    return task;
  }
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      ...options,
      onSuccess: (deleted) => {
        show({
          kind: 'undo',
          text: `Deleted “${deleted.title}”.`,
          undo: undo(() => client.tasks.restore.mutate({ id: deleted.id })),
          duration: UNDO_MS,
        });
        return refresh();
      },
    }),
  );
  return {
    complete: completeTask,
    reopen: (task: Task) => reopen.mutateAsync({ id: task.id }),
    remove: (task: Task) => remove.mutate({ id: task.id }),
    error: complete.error ?? reopen.error ?? remove.error,
  };
}
