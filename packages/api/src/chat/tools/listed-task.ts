import type { TaskOutput } from '../../tasks/tasks.data.ts';
import type { ListedTask } from './listed-task-shape.ts';
import { projectName, type ToolScope } from './tool-scope.ts';

export type { ListedTask };

export type ChangedTask = ListedTask & { change: string };

export function listedTask(scope: ToolScope, task: TaskOutput, number: number): ListedTask {
  return {
    number,
    id: task.id,
    title: task.title,
    completed: task.completed,
    due: task.due ? (task.due.time ? `${task.due.date} ${task.due.time}` : task.due.date) : null,
    deadline: task.deadline,
    priority: task.priority,
    project: projectName(scope, task.projectId),
    labels: task.labels,
    recurrence: task.recurrence,
  };
}
