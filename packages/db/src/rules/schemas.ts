import { z } from 'zod';
import { limits, MESSAGE_ROLES, NON_WHITESPACE_PATTERN } from './limits.ts';

const nonWhitespace = new RegExp(NON_WHITESPACE_PATTERN, 'u');

/** Length in Unicode code points, as PostgreSQL's `char_length` counts (not UTF-16 units). */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * A text field bounded in code points. PostgreSQL text cannot hold NUL, so it is refused here
 * rather than failing inside the driver.
 */
export function boundedText(options: { min?: number; max: number; notBlank?: boolean }) {
  const { min = 0, max, notBlank = false } = options;
  let schema = z
    .string()
    // Cheap cut-off (a code point is at most two UTF-16 units); `abort` skips the checks below.
    .max(max * 2, { message: `Must be at most ${max} characters`, abort: true })
    .refine((value) => !value.includes('\u0000'), { message: 'Must not contain NUL characters' })
    .refine((value) => codePointLength(value) >= min, { message: `Must be at least ${min} characters` })
    .refine((value) => codePointLength(value) <= max, { message: `Must be at most ${max} characters` });
  if (notBlank) {
    schema = schema.refine((value) => nonWhitespace.test(value), { message: 'Must not be blank' });
  }
  return schema;
}

export const emailSchema = z
  .string()
  .trim()
  .max(limits.userEmail)
  .pipe(z.email({ message: 'Must be an email address' }))
  .transform((email) => email.toLowerCase());

export const passwordSchema = boundedText({ min: limits.password.min, max: limits.password.max });
export const userNameSchema = boundedText({ min: 1, max: limits.userName, notBlank: true });
export const taskTitleSchema = boundedText({ min: 1, max: limits.taskTitle, notBlank: true });
export const taskDescriptionSchema = boundedText({ max: limits.taskDescription });
export const conversationTitleSchema = boundedText({ min: 1, max: limits.conversationTitle, notBlank: true });
export const messageContentSchema = boundedText({ min: 1, max: limits.messageContent, notBlank: true });
export const messageRoleSchema = z.enum(MESSAGE_ROLES);
/** Ids are UUIDs; validating them here keeps malformed ids away from PostgreSQL. */
export const idSchema = z.uuid();
