import type { ChangedTask, ListedTask } from '../../chat/tools/listed-task.ts';

/** A task in one line, as a list shows it: "2. Pay rent — due 2026-12-01, p1, Home, @bills". */
export function taskLine(task: ListedTask): string {
  const facts = [
    task.due && `due ${task.due}`,
    task.deadline && `deadline ${task.deadline}`,
    task.priority < 4 && `p${task.priority}`,
    task.project,
    ...task.labels.map((label) => `@${label}`),
    task.recurrence && 'repeats',
    task.completed && 'done',
  ].filter(Boolean);
  return `${task.number}. ${task.title}${facts.length > 0 ? ` — ${facts.join(', ')}` : ''}`;
}

export function listLines(result: { tasks: ListedTask[]; more: boolean }): string {
  if (result.tasks.length === 0) return 'No tasks match.';
  const lines = result.tasks.map(taskLine);
  if (result.more) lines.push('More tasks match: narrow the list or raise limit.');
  return lines.join('\n');
}

/** What a change did, task by task, then the ids that were not found. */
export function changeLines(tasks: ChangedTask[], missing: string[] = []): string {
  const lines = tasks.map((task) => task.change);
  if (missing.length > 0) lines.push(`Not found: ${missing.join(', ')}`);
  return lines.length > 0 ? lines.join('\n') : 'Nothing changed.';
}
