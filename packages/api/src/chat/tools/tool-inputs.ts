import { calendarDateSchema, labelNameSchema, limits, taskDescriptionSchema, taskTitleSchema } from '@taskchat/db';
import { z } from 'zod';
import { searchQuerySchema } from '../../search/search-query.ts';

/**
 * The task tools' input schemas, for a chat turn's model and MCP clients alike. Every field is
 * bounded; dates and repeats are words, read by the tools (task-phrases.ts), so what a caller may
 * write is said in the descriptions.
 */

/** A phrase a model writes for a date, a repeat or a reminder. */
const phrase = (what: string) => z.string().trim().min(1).max(200).describe(what);

const taskId = z.uuid().describe('The id of the task, from list_tasks or an earlier result');
const taskIds = z.array(z.uuid()).min(1).max(100).describe('Task ids, from list_tasks or an earlier result');
const priority = z
  .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
  .describe('1 is the most urgent, 4 (the default) none');
const labels = z
  .array(labelNameSchema)
  .max(50)
  .describe('Label names, one word each, without "@"; missing ones are created');

/** A label as a model may write it, "@bills" for "bills". */
export const withoutAt = (names: string[] | undefined) => names?.map((name) => name.replace(/^@/, ''));
const due = phrase(
  'When it is due, in words ("tomorrow at 6pm", "next friday", "in 3 days") or ISO (2026-12-03, 2026-12-03T18:00), in the user\'s time zone',
);
const deadline = phrase('The day it must be done by, in words ("friday") or ISO (2026-12-04)');
const recurrence = phrase(
  'How it repeats, in words ("every monday", "every month on the 1st", "every weekday at 9am") or an RRULE (FREQ=WEEKLY;BYDAY=MO)',
);
const reminders = z
  .array(phrase('"30 minutes before", "1 hour before", "at 8am", "tomorrow at 9"'))
  .max(limits.remindersPerTask)
  .describe('Reminders, in words');
const day = calendarDateSchema.describe("YYYY-MM-DD, in the user's time zone");

export const LIST_VIEWS = ['open', 'today', 'upcoming', 'overdue', 'inbox', 'all', 'done'] as const;

export const listTasksSchema = z.object({
  view: z
    .enum(LIST_VIEWS)
    .default('open')
    .describe(
      'open: every open task, newest first (the default); today: due today or before; upcoming: due after today; overdue; inbox: the Inbox in its order; all: open and done; done: latest done first',
    ),
  project: z.string().trim().min(1).max(120).optional().describe('A project by name'),
  label: labelNameSchema.optional().describe('A label by name, without "@"'),
  priority: priority.optional(),
  search: searchQuerySchema.optional().describe('Words the title or description holds'),
  dueFrom: day.optional().describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: day.optional().describe('Due on or before this day (YYYY-MM-DD)'),
  limit: z.number().int().min(1).max(100).default(100).describe('At most this many (1–100, default 100)'),
});

const newTask = z.object({
  title: taskTitleSchema.describe('The task, without its date, project or labels'),
  description: taskDescriptionSchema.optional(),
  due: due.optional(),
  deadline: deadline.optional(),
  priority: priority.optional(),
  project: z.string().trim().min(1).max(120).optional().describe('A project by name (the Inbox without one)'),
  labels: labels.optional(),
  recurrence: recurrence.optional(),
  reminders: reminders.optional(),
});

export const addTasksSchema = z.object({ tasks: z.array(newTask).min(1).max(50).describe('1 to 50 tasks') });

export const updateTaskSchema = z.object({
  taskId,
  title: taskTitleSchema.optional(),
  description: taskDescriptionSchema.nullable().optional().describe('null clears it'),
  due: due.nullable().optional().describe('When it is due, in words or ISO; null clears it (a repeat keeps its rule)'),
  deadline: deadline.nullable().optional().describe('The day it must be done by; null clears it'),
  priority: priority.optional(),
  labels: labels.optional().describe('The labels it has from now on (replaces them)'),
  recurrence: recurrence.nullable().optional().describe('How it repeats, in words or an RRULE; null: no longer'),
  reminders: reminders.optional().describe('The reminders it has from now on (replaces them), in words'),
  completed: z.boolean().optional().describe('true completes it, false reopens it'),
});

export const taskIdsSchema = z.object({ taskIds });

export const rescheduleTasksSchema = z.object({
  taskIds,
  due: due.nullable().describe('The new due, in words or ISO; null clears it. A repeating task keeps its rule'),
});

export const moveTaskSchema = z
  .object({
    taskId,
    project: z.string().trim().min(1).max(120).optional().describe('The project to move it to, by name'),
    parentTaskId: z.uuid().nullable().optional().describe('The task to put it under; null: no parent'),
  })
  .refine((input) => input.project !== undefined || input.parentTaskId !== undefined, {
    message: 'Say where to move it: project, parentTaskId or both',
  });

export const undoSchema = z.object({});
