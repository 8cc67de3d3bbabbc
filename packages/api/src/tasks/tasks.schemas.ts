import {
  calendarDateSchema,
  idSchema,
  labelNameSchema,
  limits,
  prioritySchema,
  taskDescriptionSchema,
  taskTitleSchema,
  WELL_FORMED_MESSAGE,
} from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';
import { searchQuerySchema } from '../search/search-query.ts';
import { recurrenceSchema } from './recurrence.ts';

export const TASK_VIEWS = ['inbox', 'today', 'upcoming', 'overdue', 'all', 'done'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export const listTasksInput = z
  .object({
    /** Without a view: `projectId`'s open tasks in manual order, or else `all`. */
    view: z.enum(TASK_VIEWS).optional(),
    projectId: idSchema.optional(),
    /** A label's name (case-insensitive). */
    label: labelNameSchema.optional(),
    priority: prioritySchema.optional(),
    limit: limitInput(100, 20),
    cursor: cursorInput.optional(),
  })
  .refine((input) => !(input.view === 'inbox' && input.projectId !== undefined), {
    path: ['projectId'],
    message: 'The inbox view is the Inbox: leave projectId out',
  })
  .default({ limit: 20 });

/** `HH:mm`, 24-hour, on the user's wall clock. */
const localTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Must be a time as HH:mm (00:00–23:59)' });

/** Due on a date (floating), or at a time of that date in the user's zone. */
export const dueInput = z.object({ date: calendarDateSchema, time: localTimeSchema.nullish() }).nullable();

/** A reminder: `minutesBefore` the due moment (negative: after it), or at an instant. */
export const reminderInput = z.union([
  z.strictObject({
    minutesBefore: z.number().int().min(-limits.reminderMinutesAfter).max(limits.reminderMinutesBefore),
  }),
  z.strictObject({ at: z.date() }),
]);
export type ReminderInput = z.output<typeof reminderInput>;

const remindersInput = z.array(reminderInput).max(limits.remindersPerTask, {
  message: `At most ${limits.remindersPerTask} reminders`,
});

/** Label names: each one word; case-insensitive duplicates count once. */
const labelsInput = z.array(labelNameSchema).max(50, { message: 'At most 50 labels' });

export const createTaskInput = z.object({
  title: taskTitleSchema,
  description: taskDescriptionSchema.nullish(),
  projectId: idSchema.optional(),
  parentId: idSchema.optional(),
  due: dueInput.optional(),
  deadline: calendarDateSchema.nullish(),
  priority: prioritySchema.optional(),
  recurrence: recurrenceSchema.nullish(),
  labels: labelsInput.optional(),
  reminders: remindersInput.optional(),
});

/** What an update may change: what a task is created with, but its place (`tasks.move`). */
const { title: _title, projectId: _projectId, parentId: _parentId, ...taskFields } = createTaskInput.shape;

export const updateTaskInput = z
  .object({ id: idSchema, title: taskTitleSchema.optional(), ...taskFields })
  .refine((input) => Object.entries(input).some(([key, value]) => key !== 'id' && value !== undefined), {
    message: 'Nothing to update',
  });

export const moveTaskInput = z
  .object({
    id: idSchema,
    projectId: idSchema.optional(),
    /** The new parent, or null for none; left out, the parent stays (within the same project). */
    parentId: idSchema.nullish(),
    /** Place the task just before this task of the target project… */
    before: idSchema.optional(),
    /** …or just after this one (both: between them). */
    after: idSchema.optional(),
  })
  .refine((input) => input.before === undefined || input.before !== input.after, {
    path: ['before'],
    message: 'before and after must be different tasks',
  });

export const taskIdInput = z.object({ id: idSchema });

/** One line a person types (`tasks.parse`, `tasks.quickAdd`). */
export const taskTextInput = z.object({
  text: z
    .string()
    .max(limits.taskText, { message: `Must be at most ${limits.taskText} characters` })
    .refine((value) => value.trim().length > 0, { message: 'Must not be blank' })
    .refine((value) => !value.includes('\u0000'), { message: 'Must not contain NUL characters' })
    .refine((value) => value.isWellFormed(), { message: WELL_FORMED_MESSAGE }),
});

/** `tasks.quickAdd`: the line, and the project it was typed in (a `#project` in it wins). */
export const quickAddInput = taskTextInput.extend({ projectId: idSchema.optional() });

export const listTaskTrashInput = z
  .object({ limit: limitInput(100, 20), cursor: cursorInput.optional() })
  .default({ limit: 20 });

export const searchTasksInput = z.object({
  /** Words, "a phrase", or, -word (web search syntax); at most 200 characters. */
  query: searchQuerySchema,
  limit: limitInput(50, 20),
  cursor: cursorInput.optional(),
});

export const importTasksInput = z.object({
  /** The planning part of an export: its header, then its project, label and task lines (no conversations). */
  ndjson: z.string().min(1).max(20_000_000),
});
