import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef } from 'react';
import { LoadMore } from '../conversations/load-more.tsx';
import { PurgeButton } from '../editing/purge-button.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { useRefreshTasks } from './use-task-changes.ts';

type DeletedTask = RouterOutputs['tasks']['trash']['items'][number];

/** A deleted task: restore it (a deleted project's tasks go back to the Inbox), or delete it for good (asked again first). */
function TaskTrashItem({ task }: { task: DeletedTask }) {
  const trpc = useTRPC();
  const refresh = useRefreshTasks();
  const item = useRef<HTMLLIElement>(null);
  const restore = useMutation(trpc.tasks.restore.mutationOptions({ onSuccess: refresh }));
  const purge = useMutation(trpc.tasks.purge.mutationOptions({ onSuccess: refresh }));
  useFocusSuccessor(item, '#deleted-tasks-title');
  return (
    <li ref={item}>
      <span className="conversation-name">{task.title}</span>
      <button type="button" onClick={() => restore.mutate({ id: task.id })} aria-label={`Restore task ${task.title}`}>
        Restore
      </button>
      <PurgeButton
        name={task.title}
        label={`Delete task ${task.title} forever`}
        onPurge={() => purge.mutate({ id: task.id })}
      />
      <ErrorAlert error={restore.error ?? purge.error} />
    </li>
  );
}

/** Deleted tasks (with their subtasks, and a deleted project's), newest deletion first. */
export function TaskTrash() {
  const trpc = useTRPC();
  const trash = useInfiniteQuery(
    trpc.tasks.trash.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = trash.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="deleted-tasks-title">
      <h2 id="deleted-tasks-title" tabIndex={-1}>
        Deleted tasks
      </h2>
      <ErrorAlert error={trash.error} />
      {trash.isSuccess && items.length === 0 && <p className="muted">No deleted tasks.</p>}
      <ul className="trash-list" aria-label="Deleted tasks">
        {items.map((task) => (
          <TaskTrashItem key={task.id} task={task} />
        ))}
      </ul>
      <LoadMore pages={trash} label="Load more deleted tasks" />
    </section>
  );
}
