import {
  conversationTitleSchema,
  idSchema,
  messageContentSchema,
  messagePartsSchema,
  taskDescriptionSchema,
  taskTitleSchema,
} from '@taskchat/db';
import { z } from 'zod';

/**
 * The export format: NDJSON, one JSON object per line. The first line is the header; then the
 * tasks; then each conversation followed by its messages, oldest first. Dates are ISO 8601
 * strings. A new version is a new number in the header; importers refuse versions they do not know.
 */
export const EXPORT_FORMAT = 'taskchat-export';
export const EXPORT_VERSION = 1;

/** A time from 1970 up to a day from now, in UTC (an offset may move a date across either bound). */
const isoDate = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const time = new Date(value).getTime();
    return time >= 0 && time <= Date.now() + 86_400_000;
  },
  { message: 'Must be a date between 1970 and now' },
);

export const headerLine = z.object({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: isoDate,
  user: z.object({ id: idSchema, email: z.string(), name: z.string().nullable() }),
});

export const taskLine = z.object({
  type: z.literal('task'),
  id: idSchema,
  title: taskTitleSchema,
  description: taskDescriptionSchema.nullable(),
  completed: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const conversationLine = z.object({
  type: z.literal('conversation'),
  id: idSchema,
  title: conversationTitleSchema.nullable(),
  archived: z.boolean(),
  pinned: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
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
});

export type HeaderLine = z.infer<typeof headerLine>;
export type TaskLine = z.infer<typeof taskLine>;
export type ConversationLine = z.infer<typeof conversationLine>;
export type MessageLine = z.infer<typeof messageLine>;
