import {
  accessTokenNameSchema,
  emailSchema,
  enteredPasswordSchema,
  idSchema,
  limits,
  passwordSchema,
  timeZoneSchema,
  userNameSchema,
} from '@taskchat/db';
import { z } from 'zod';
import { mcpScopesSchema } from '../mcp/mcp-scopes.ts';
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

export const createAccessTokenInput = z.object({
  name: accessTokenNameSchema,
  /** One to three distinct MCP scopes, kept in their canonical order. */
  scopes: mcpScopesSchema,
  /** Days until it expires (a whole number, at most a year); left out, it never expires. */
  expiresIn: z.int().min(1).max(limits.accessTokenExpiryDays).optional(),
});

export const accessTokenIdInput = z.object({ id: idSchema });
