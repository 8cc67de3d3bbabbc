import { colorSchema, idSchema, projectNameSchema } from '@taskchat/db';
import { z } from 'zod';

export const listProjectsInput = z
  .object({
    /** The archived projects instead of the others (the Inbox is never archived). */
    archived: z.boolean().default(false),
  })
  .default({ archived: false });

export const createProjectInput = z.object({ name: projectNameSchema, color: colorSchema.optional() });

export const updateProjectInput = z
  .object({
    id: idSchema,
    name: projectNameSchema.optional(),
    color: colorSchema.optional(),
    /** Place it right before this project of the caller's… */
    before: idSchema.optional(),
    /** …or right after this one (both: between the two, which must be neighbours in that order). */
    after: idSchema.optional(),
  })
  .refine(
    (input) =>
      input.name !== undefined || input.color !== undefined || input.before !== undefined || input.after !== undefined,
    { message: 'Nothing to update' },
  )
  .refine((input) => input.id !== input.before && input.id !== input.after, {
    message: 'A project cannot be placed next to itself',
    path: ['before'],
  });

export const archiveProjectInput = z.object({ id: idSchema, archived: z.boolean() });

export const projectIdInput = z.object({ id: idSchema });
