import type { Task } from '@taskchat/db';

export interface TaskOutput {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toTaskOutput(task: Task): TaskOutput {
  return {
    id: task.id,
    title: task.title,
    description: task.description ?? null,
    completed: task.completed,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}
