import {
  emailSchema,
  enteredPasswordSchema,
  idSchema,
  passwordSchema,
  timeZoneSchema,
  userNameSchema,
} from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: userNameSchema.optional(),
  /** An IANA zone name ("Europe/Paris"); UTC when left out. */
  timeZone: timeZoneSchema.optional(),
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

export const updateProfileInput = z
  .object({
    /** A null name clears it. */
    name: userNameSchema.nullable().optional(),
    /** An IANA zone name ("Europe/Paris"), never an offset such as "+05:00". */
    timeZone: timeZoneSchema.optional(),
  })
  .refine((input) => input.name !== undefined || input.timeZone !== undefined, { message: 'Nothing to update' });
