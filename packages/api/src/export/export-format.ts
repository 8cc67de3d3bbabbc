import {
  calendarDateSchema,
  colorSchema,
  conversationTitleSchema,
  idSchema,
  labelNameSchema,
  limits,
  messageContentSchema,
  messagePartsSchema,
  prioritySchema,
  projectNameSchema,
  taskDescriptionSchema,
  taskTitleSchema,
  timeZoneSchema,
  voteCommentSchema,
  voteValueSchema,
} from '@taskchat/db';
import { z } from 'zod';

/**
 * The export format: NDJSON, one JSON object per line. The first line is the header; then (since
 * version 2) the projects and the labels; then the tasks; then each conversation followed by its
 * messages, oldest first. Dates are ISO 8601 strings. A new version is a new number in the header;
 * importers refuse versions they do not know. Version 3 adds branches (each message's parent, the
 * conversation's leaf), votes and the share links made (informational: a link's secret was shown
 * to its maker only, so an import makes none). Versions 1 (no projects, labels or planning fields
 * on tasks) and 2 are still read; their messages are imported as one branch.
 */
export const EXPORT_FORMAT = 'taskchat-export';
export const EXPORT_VERSION = 3;
export const EXPORT_VERSIONS = [1, 2, 3] as const;

/** A time from 1970 up to a day from now, in UTC (an offset may move a date across either bound). */
const isoDate = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const time = new Date(value).getTime();
    return time >= 0 && time <= Date.now() + 86_400_000;
  },
  { message: 'Must be a date between 1970 and now' },
);

/** An instant anywhere in the years PostgreSQL and JavaScript both hold (a due time, a reminder). */
const anyInstant = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1970 && year <= 9999;
  },
  { message: 'Must be a date between 1970 and 9999' },
);

export const headerLine = z.object({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.union(EXPORT_VERSIONS.map((version) => z.literal(version))),
  exportedAt: isoDate,
  user: z.object({
    id: idSchema,
    email: z.string(),
    name: z.string().nullable(),
    /** Since version 2. */
    timeZone: timeZoneSchema.optional(),
  }),
});

/** Version 2: a project; `inbox` marks the user's Inbox (its tasks go into the importing user's Inbox). */
export const projectLine = z.object({
  type: z.literal('project'),
  id: idSchema,
  name: projectNameSchema,
  color: colorSchema,
  position: z.string().min(1).max(limits.position),
  inbox: z.boolean(),
  archived: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

/** Version 2: a label. */
export const labelLine = z.object({
  type: z.literal('label'),
  id: idSchema,
  name: labelNameSchema,
  color: colorSchema,
  createdAt: isoDate,
});

/** A task of version 1: what every version has. */
export const taskLineV1 = z.object({
  type: z.literal('task'),
  id: idSchema,
  title: taskTitleSchema,
  description: taskDescriptionSchema.nullable(),
  completed: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

/** A task of version 2: with its project (an export id), parent, place and planning fields. */
export const taskLine = taskLineV1.extend({
  projectId: idSchema,
  parentId: idSchema.nullable(),
  position: z.string().min(1).max(limits.position),
  /** `date` local; `time` (HH:mm in the user's zone) and `at` (the instant) when timed. */
  due: z
    .object({
      date: calendarDateSchema,
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .nullable(),
      at: anyInstant.nullable(),
    })
    .nullable(),
  deadline: calendarDateSchema.nullable(),
  priority: prioritySchema,
  recurrence: z.string().min(1).max(limits.recurrence).nullable(),
  /** Label names. */
  labels: z.array(labelNameSchema).max(100),
  reminders: z
    .array(z.union([z.object({ minutesBefore: z.number().int() }), z.object({ at: anyInstant })]))
    .max(limits.remindersPerTask),
  completedAt: anyInstant.nullable(),
});

export const conversationLine = z.object({
  type: z.literal('conversation'),
  id: idSchema,
  title: conversationTitleSchema.nullable(),
  archived: z.boolean(),
  pinned: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
  /** Version 3: the last message of the current branch (an export id); null without messages. */
  leafId: idSchema.nullable().optional(),
  /** Version 3: the share links made of it, which an import does not make again. */
  shares: z
    .array(z.object({ leafId: idSchema, title: conversationTitleSchema.nullable(), createdAt: isoDate }))
    .max(100_000)
    .optional(),
});

export const messageLine = z.object({
  type: z.literal('message'),
  id: idSchema,
  conversationId: idSchema,
  // System messages hold instructions the assistant would trust: they are never imported.
  role: z.enum(['user', 'assistant']),
  content: messageContentSchema,
  clientId: idSchema.nullable(),
  parts: messagePartsSchema.nullable(),
  incomplete: z.boolean(),
  createdAt: isoDate,
  /** Version 3: the message it follows (an export id of the same conversation); null for a first one. Without it, the one before. */
  parentId: idSchema.nullable().optional(),
  /** Version 3: the user's vote on an answer. */
  vote: z.object({ value: voteValueSchema, comment: voteCommentSchema.nullable() }).nullable().optional(),
});

export type HeaderLine = z.infer<typeof headerLine>;
export type TaskLine = z.infer<typeof taskLine>;
export type TaskLineV1 = z.infer<typeof taskLineV1>;
export type ProjectLine = z.infer<typeof projectLine>;
export type LabelLine = z.infer<typeof labelLine>;
export type ConversationLine = z.infer<typeof conversationLine>;
export type MessageLine = z.infer<typeof messageLine>;
