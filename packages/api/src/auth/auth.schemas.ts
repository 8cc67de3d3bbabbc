import { emailSchema, enteredPasswordSchema, idSchema, passwordSchema, userNameSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: userNameSchema.optional(),
});

export const signInInput = z.object({
  email: emailSchema,
  password: enteredPasswordSchema,
});

export const listSessionsInput = z
  .object({ limit: limitInput(100, 20), cursor: cursorInput.optional() })
  .default({ limit: 20 });

export const sessionIdInput = z.object({ id: idSchema });

export const changePasswordInput = z.object({
  currentPassword: enteredPasswordSchema,
  newPassword: passwordSchema,
});

export const deleteAccountInput = z.object({ password: enteredPasswordSchema });
