import { toDate } from '../sql-rows.ts';

export interface TaskOutput {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A task entity or a SQL row of the same fields. */
export interface TaskFields {
  id: string;
  title: string;
  description?: string | null;
  completed: boolean;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** The columns of a task row, for `select`. */
export const TASK_COLUMNS = 'id, title, description, completed, created_at as "createdAt", updated_at as "updatedAt"';

export function toTaskOutput(task: TaskFields): TaskOutput {
  return {
    id: task.id,
    title: task.title,
    description: task.description ?? null,
    completed: task.completed,
    createdAt: toDate(task.createdAt),
    updatedAt: toDate(task.updatedAt),
  };
}
