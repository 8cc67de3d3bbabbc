import type { Task } from './task-types.ts';

export interface TaskNode {
  task: Task;
  children: TaskNode[];
}

/**
 * Nests subtasks under their parents, keeping the list's order among siblings. A subtask whose
 * parent is not in the list (another day's group, done already) stands on its own.
 */
export function taskTree(tasks: Task[]): TaskNode[] {
  const nodes = new Map(tasks.map((task) => [task.id, { task, children: [] as TaskNode[] }]));
  const roots: TaskNode[] = [];
  for (const task of tasks) {
    const node = nodes.get(task.id) as TaskNode;
    const parent = task.parentId ? nodes.get(task.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** `items` with `id` moved just before or just after `target` (what `tasks.move` will store). */
export function reordered<T extends { id: string }>(
  items: T[],
  id: string,
  place: { before: string } | { after: string },
): T[] {
  const moving = items.find((item) => item.id === id);
  if (!moving) return items;
  const rest = items.filter((item) => item.id !== id);
  const targetId = 'before' in place ? place.before : place.after;
  const index = rest.findIndex((item) => item.id === targetId);
  if (index < 0) return items;
  rest.splice('before' in place ? index : index + 1, 0, moving);
  return rest;
}
