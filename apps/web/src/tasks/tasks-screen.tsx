import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { AddTaskForm } from './add-task-form.tsx';
import { TaskItem } from './task-item.tsx';

/** The views of tasks.list the screen offers ("Open" is the Inbox's open tasks, in manual order). */
const FILTERS = [
  { status: 'inbox', label: 'Open' },
  { status: 'today', label: 'Today' },
  { status: 'upcoming', label: 'Upcoming' },
  { status: 'done', label: 'Done' },
  { status: 'all', label: 'All' },
] as const;
type Status = (typeof FILTERS)[number]['status'];

/** The task list: add, edit, complete, delete, filtered by status, a page at a time. */
export function TasksScreen({ highlightId }: { highlightId: string | null }) {
  const trpc = useTRPC();
  // A task linked from the chat may be done already: show every task then.
  const [status, setStatus] = useState<Status>(highlightId ? 'all' : 'inbox');
  const tasks = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions({ view: status, limit: 50 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="page tasks" aria-labelledby="tasks-title">
      <h1 id="tasks-title">Tasks</h1>
      <AddTaskForm />
      <fieldset className="filter">
        <legend>Show</legend>
        {FILTERS.map((filter) => (
          <label key={filter.status}>
            <input
              type="radio"
              name="status"
              value={filter.status}
              checked={status === filter.status}
              onChange={() => setStatus(filter.status)}
            />
            {filter.label}
          </label>
        ))}
      </fieldset>
      {tasks.isPending && <p className="muted">Loading tasks…</p>}
      <ErrorAlert error={tasks.error} />
      {tasks.isSuccess && items.length === 0 && (
        <p className="muted">
          {status === 'done' ? 'Nothing done yet.' : 'No tasks here. Add one above, or ask the assistant.'}
        </p>
      )}
      <ul className="task-list" aria-label="Tasks">
        {items.map((task) => (
          <TaskItem key={task.id} task={task} highlighted={task.id === highlightId} />
        ))}
      </ul>
      {tasks.hasNextPage && (
        <button type="button" onClick={() => tasks.fetchNextPage()} disabled={tasks.isFetchingNextPage}>
          {tasks.isFetchingNextPage ? 'Loading…' : 'Show more tasks'}
        </button>
      )}
    </main>
  );
}
