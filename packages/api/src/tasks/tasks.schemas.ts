import { idSchema, taskDescriptionSchema, taskTitleSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';
import { searchQuerySchema } from '../search/search-query.ts';

export const listTasksInput = z
  .object({
    status: z.enum(['all', 'open', 'done']).default('all'),
    limit: limitInput(100, 20),
    cursor: cursorInput.optional(),
  })
  .default({ status: 'all', limit: 20 });

export const createTaskInput = z.object({
  title: taskTitleSchema,
  description: taskDescriptionSchema.nullish(),
});

export const updateTaskInput = z
  .object({
    id: idSchema,
    title: taskTitleSchema.optional(),
    description: taskDescriptionSchema.nullish(),
    completed: z.boolean().optional(),
  })
  .refine((input) => input.title !== undefined || input.description !== undefined || input.completed !== undefined, {
    message: 'Nothing to update',
  });

export const taskIdInput = z.object({ id: idSchema });

export const listTaskTrashInput = z
  .object({ limit: limitInput(100, 20), cursor: cursorInput.optional() })
  .default({ limit: 20 });

export const searchTasksInput = z.object({
  /** Words, "a phrase", or, -word (web search syntax); at most 200 characters. */
  query: searchQuerySchema,
  limit: limitInput(50, 20),
  cursor: cursorInput.optional(),
});
