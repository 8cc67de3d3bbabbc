import type { TaskOutput } from '../../tasks/tasks.data.ts';
import type { LIST_VIEWS } from './tool-inputs.ts';
import type { ToolScope } from './tool-scope.ts';

/** What list_tasks narrows a search's matches to: the view's rule and the filters, as `tasks.list` reads them. */
export interface TaskFilter {
  view: (typeof LIST_VIEWS)[number];
  projectId?: string | undefined;
  label?: string | undefined;
  priority?: number | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
}

function inView(task: TaskOutput, view: TaskFilter['view'], scope: ToolScope): boolean {
  const date = task.due?.date;
  switch (view) {
    case 'all':
      return true;
    case 'done':
      return task.completed;
    case 'open':
      return !task.completed;
    case 'inbox':
      return !task.completed && scope.projects.some((project) => project.inbox && project.id === task.projectId);
    case 'today':
      return !task.completed && date !== undefined && date <= scope.today;
    case 'upcoming':
      return !task.completed && date !== undefined && date > scope.today;
    case 'overdue':
      return (
        !task.completed &&
        date !== undefined &&
        (date < scope.today || (date === scope.today && task.due?.at != null && task.due.at < scope.now))
      );
  }
}

/**
 * Whether a task passes the filter. Archived projects' tasks pass only when the filter names
 * their project, as in the views.
 */
export function passes(task: TaskOutput, filter: TaskFilter, scope: ToolScope): boolean {
  if (filter.projectId !== undefined && task.projectId !== filter.projectId) return false;
  if (filter.projectId === undefined && scope.projects.some((p) => p.archived && p.id === task.projectId)) return false;
  if (filter.label !== undefined) {
    const label = filter.label.toLowerCase();
    if (!task.labels.some((name) => name.toLowerCase() === label)) return false;
  }
  if (filter.priority !== undefined && task.priority !== filter.priority) return false;
  const date = task.due?.date;
  if (filter.dueFrom !== undefined && (date === undefined || date < filter.dueFrom)) return false;
  if (filter.dueTo !== undefined && (date === undefined || date > filter.dueTo)) return false;
  return inView(task, filter.view, scope);
}
