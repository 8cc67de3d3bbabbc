import type { RouterInputs, RouterOutputs } from '@taskchat/client';

/** The shapes the client sees, from the router type only. */
export type Task = RouterOutputs['tasks']['list']['items'][number];
export type TaskListInput = NonNullable<RouterInputs['tasks']['list']>;
export type Due = NonNullable<Task['due']>;
export type Reminder = Task['reminders'][number];
export type ReminderInput = NonNullable<RouterInputs['tasks']['update']['reminders']>[number];
export type Project = RouterOutputs['projects']['list'][number];
export type Label = RouterOutputs['labels']['list'][number];
export type ParsedTaskText = RouterOutputs['tasks']['parse'];
export type DeliveredReminder = RouterOutputs['reminders']['list']['items'][number];
