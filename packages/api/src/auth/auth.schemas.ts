import { emailSchema, passwordSchema, userNameSchema } from '@taskchat/db';
import { z } from 'zod';

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: userNameSchema.optional(),
});

export const signInInput = z.object({
  email: emailSchema,
  password: passwordSchema,
});
