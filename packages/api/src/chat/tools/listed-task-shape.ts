import type { Priority } from '@taskchat/db';

/**
 * A task as a tool result shows it to the model: numbered in that result (1-based) so the model
 * and the user can say "number 3", with its id for the next call, and its fields in the user's
 * words (project by name, due on the user's wall clock).
 */
export interface ListedTask {
  number: number;
  id: string;
  title: string;
  completed: boolean;
  /** 'YYYY-MM-DD', or 'YYYY-MM-DD HH:mm' when timed, in the user's zone. */
  due: string | null;
  deadline: string | null;
  priority: Priority;
  project: string;
  labels: string[];
  /** An RRULE body. */
  recurrence: string | null;
}
