import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useToday } from '../account/use-time-zone.ts';
import { LoadMore } from '../conversations/load-more.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useNotices } from '../notices/notices.tsx';
import type { TaskView } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { dayName } from './dates.ts';
import { QuickAdd } from './quick-add.tsx';
import { PlainTaskList, SortableTaskList } from './sortable-task-list.tsx';
import type { RowContext } from './task-row.tsx';
import { reordered, taskTree } from './task-tree.ts';
import type { Project, Task, TaskListInput } from './task-types.ts';
import { useRefreshTasks } from './use-task-changes.ts';

const PAGE = 100;

function listInput(view: TaskView): TaskListInput {
  switch (view.kind) {
    case 'project':
      return { projectId: view.projectId, limit: PAGE };
    case 'label':
      return { label: view.label, limit: PAGE };
    default:
      return { view: view.kind, limit: PAGE };
  }
}

type Page = { items: Task[]; nextCursor: string | null };

/** One list of tasks, a page at a time, for `input`. */
function useTaskPages(input: TaskListInput, enabled = true) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor, enabled }),
  );
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { query, items, key: trpc.tasks.list.infiniteQueryKey(input) };
}

/** `tasks.move` shown at once in the cached list; a refusal puts the old order back. */
function useOptimisticMove(key: readonly unknown[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshTasks();
  const { show } = useNotices();
  const move = useMutation(trpc.tasks.move.mutationOptions());
  return (id: string, place: { before: string } | { after: string }) => {
    void queryClient.cancelQueries({ queryKey: key });
    const before = queryClient.getQueryData<InfiniteData<Page>>(key);
    if (before) {
      const all = reordered(
        before.pages.flatMap((page) => page.items),
        id,
        place,
      );
      let at = 0;
      const pages = before.pages.map((page) => {
        const items = all.slice(at, at + page.items.length);
        at += page.items.length;
        return { ...page, items };
      });
      queryClient.setQueryData<InfiniteData<Page>>(key, { ...before, pages });
    }
    move.mutate(
      { id, ...place },
      {
        onError: (error) => {
          if (before) queryClient.setQueryData(key, before);
          show({ kind: 'info', text: `Could not move the task: ${error.message}`, duration: 6000 });
        },
        onSettled: () => void refresh(),
      },
    );
  };
}

interface ViewProps {
  view: TaskView;
  highlightId: string | null;
  projects: Project[];
}

/** The heading, the quick-add field and the tasks of one view. */
export function TaskViewScreen({ view, highlightId, projects }: ViewProps) {
  const { today, now } = useToday();
  const byId = useMemo(() => new Map(projects.map((project) => [project.id, project])), [projects]);
  const inbox = projects.find((project) => project.inbox);
  const project = view.kind === 'project' ? byId.get(view.projectId) : view.kind === 'inbox' ? inbox : undefined;
  const title =
    view.kind === 'project'
      ? (project?.name ?? 'Project')
      : view.kind === 'label'
        ? `@${view.label}`
        : { inbox: 'Inbox', today: 'Today', upcoming: 'Upcoming', done: 'Done', all: 'Tasks' }[view.kind];

  const main = useTaskPages(listInput(view));
  // Upcoming starts with what is due today or overdue, as Today shows it.
  const todays = useTaskPages(listInput({ kind: 'today' }), view.kind === 'upcoming');
  const reorderable = view.kind === 'project' || view.kind === 'inbox';
  const move = useOptimisticMove(main.key);
  const context: RowContext = {
    today,
    now,
    projects: byId,
    projectId: project?.id ?? null,
    reorderable,
    move,
  };

  let groups: { heading: string | null; tasks: Task[] }[];
  if (view.kind === 'today' || view.kind === 'upcoming') {
    const source = view.kind === 'upcoming' ? [...todays.items, ...main.items] : main.items;
    const byDay = new Map<string, Task[]>();
    for (const task of source) {
      const day = task.due && task.due.date < today ? 'overdue' : (task.due?.date ?? today);
      byDay.set(day, [...(byDay.get(day) ?? []), task]);
    }
    groups = [...byDay].map(([day, tasks]) => ({
      heading: day === 'overdue' ? 'Overdue' : dayName(day, today),
      tasks,
    }));
  } else groups = [{ heading: null, tasks: main.items }];

  const empty = main.query.isSuccess && groups.every((group) => group.tasks.length === 0);
  const emptyText =
    view.kind === 'done'
      ? 'Nothing done yet.'
      : view.kind === 'today'
        ? 'No tasks here. Nothing due today.'
        : 'No tasks here. Add one above, or ask the assistant.';
  const canAdd = view.kind !== 'done' && view.kind !== 'all' && !(project?.archived ?? false);

  return (
    <section className="task-view" aria-labelledby="tasks-title">
      <div className="task-view-head">
        <h1 id="tasks-title" tabIndex={-1}>
          {title}
        </h1>
        {canAdd && (
          <QuickAdd
            projectId={view.kind === 'project' ? view.projectId : undefined}
            label={view.kind === 'label' ? view.label : undefined}
          />
        )}
      </div>
      {main.query.isPending && <p className="muted">Loading tasks…</p>}
      <ErrorAlert error={main.query.error ?? todays.query.error} />
      {empty && <p className="muted">{emptyText}</p>}
      {groups.map((group) => {
        const nodes = taskTree(group.tasks);
        const label = group.heading ? `${title}: ${group.heading}` : title;
        return (
          <div key={group.heading ?? 'all'} className="task-group">
            {group.heading && <h2 className="day-heading">{group.heading}</h2>}
            {reorderable ? (
              <SortableTaskList nodes={nodes} context={context} highlighted={highlightId} label={label} />
            ) : (
              <PlainTaskList nodes={nodes} context={context} highlighted={highlightId} label={label} />
            )}
          </div>
        );
      })}
      <LoadMore pages={main.query} label="Show more tasks" />
    </section>
  );
}

/** The projects, Inbox first; cached for every screen that names them. */
export function useProjects(archived = false) {
  const trpc = useTRPC();
  return useQuery(trpc.projects.list.queryOptions({ archived }));
}
