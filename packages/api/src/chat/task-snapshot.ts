import { limits } from '@taskchat/db';
import { z } from 'zod';
import type { TaskOutput } from '../tasks/tasks.data.ts';

/** The fields `update_task` and `reschedule_tasks` change; an undo puts back only the ones a change touched. */
export const SNAPSHOT_FIELDS = [
  'title',
  'description',
  'due',
  'deadline',
  'priority',
  'recurrence',
  'labels',
  'reminders',
  'completed',
] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

const instant = z.iso.datetime({ offset: true }).nullable();

/**
 * A task as it was before a change (`message_task_effects.before`, jsonb): what an undo puts
 * back. Instants are ISO strings; the reminders keep their firing time and delivery, so putting
 * a due back neither loses a reminder nor fires one twice. Read back through this schema, so a
 * record that is not one (written by hand, or by an older version) is refused, not trusted.
 */
const taskStateSchema = z.object({
  title: z.string(),
  description: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueAt: instant,
  deadline: z.string().nullable(),
  priority: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  recurrence: z.string().nullable(),
  labels: z.array(z.string()),
  reminders: z.array(
    z
      .object({
        minutesBefore: z.number().int().min(-limits.reminderMinutesAfter).max(limits.reminderMinutesBefore).nullable(),
        at: instant,
        fireAt: instant,
        deliveredAt: instant,
      })
      // A reminder is one of the two kinds (the table's check).
      .refine((reminder) => (reminder.minutesBefore === null) !== (reminder.at === null)),
  ),
  projectId: z.uuid(),
  parentId: z.uuid().nullable(),
  position: z.string(),
  completed: z.boolean(),
  completedAt: instant,
});
type TaskState = z.infer<typeof taskStateSchema>;

export const taskSnapshotSchema = taskStateSchema.extend({
  /** An update's: the fields it changed, and the task as the change left it (an undo keeps what changed since). */
  fields: z.array(z.enum(SNAPSHOT_FIELDS)).optional(),
  after: taskStateSchema.optional(),
  /** A completion's: the occurrence it recorded (a recurring task), and the subtasks it completed with the task. */
  completionId: z.uuid().nullable().optional(),
  subtasks: z.array(z.uuid()).optional(),
});
export type TaskSnapshot = z.infer<typeof taskSnapshotSchema>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The task as a snapshot, with what the change adds (`fields` and `after`, or a completion's record). */
export function snapshotOf(
  task: TaskOutput,
  extra: Pick<TaskSnapshot, 'fields' | 'after' | 'completionId' | 'subtasks'> = {},
): TaskSnapshot {
  return {
    title: task.title,
    description: task.description,
    dueDate: task.due?.date ?? null,
    dueAt: iso(task.due?.at ?? null),
    deadline: task.deadline,
    priority: task.priority,
    recurrence: task.recurrence,
    labels: task.labels,
    reminders: task.reminders.map((reminder) => ({
      minutesBefore: reminder.minutesBefore,
      at: iso(reminder.at),
      fireAt: iso(reminder.fireAt),
      deliveredAt: iso(reminder.deliveredAt),
    })),
    projectId: task.projectId,
    parentId: task.parentId,
    position: task.position,
    completed: task.completed,
    completedAt: iso(task.completedAt),
    ...extra,
  };
}

const reminderKey = (state: TaskState) => JSON.stringify(state.reminders.map((r) => [r.minutesBefore, r.at]));

/** Whether `field` has the same value in the two states (the task as a change left it, and as it is). */
export function sameField(field: SnapshotField, a: TaskState, b: TaskState): boolean {
  switch (field) {
    case 'due':
      return a.dueDate === b.dueDate && a.dueAt === b.dueAt;
    case 'labels':
      return a.labels.join('\n') === b.labels.join('\n');
    case 'reminders':
      return reminderKey(a) === reminderKey(b);
    default:
      return a[field] === b[field];
  }
}
