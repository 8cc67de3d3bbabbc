import { z } from 'zod';
import {
  COLORS,
  limits,
  MESSAGE_ROLES,
  NON_WHITESPACE_PATTERN,
  PRIORITIES,
  TIME_ZONE_PATTERN,
  VOTE_VALUES,
} from './limits.ts';

const nonWhitespace = new RegExp(NON_WHITESPACE_PATTERN, 'u');

/** Length in Unicode code points, as PostgreSQL's `char_length` counts (not UTF-16 units). */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** Refusal of text with a lone surrogate (ill-formed UTF-16, which PostgreSQL cannot store as sent). */
export const WELL_FORMED_MESSAGE = 'Must be valid Unicode (no lone surrogates)';

/**
 * A text field bounded in code points. PostgreSQL text cannot hold NUL, so it is refused here
 * rather than failing inside the driver; a lone surrogate, which would be stored as U+FFFD, too.
 */
export function boundedText(options: { min?: number; max: number; notBlank?: boolean }) {
  const { min = 0, max, notBlank = false } = options;
  let schema = z
    .string()
    // Cheap cut-off (a code point is at most two UTF-16 units); `abort` skips the checks below.
    .max(max * 2, { message: `Must be at most ${max} characters`, abort: true })
    .refine((value) => !value.includes('\u0000'), { message: 'Must not contain NUL characters' })
    // A lone surrogate has no UTF-8 form: the driver would store U+FFFD in its place.
    .refine((value) => value.isWellFormed(), { message: WELL_FORMED_MESSAGE })
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

/**
 * A password as it is hashed and checked: Unicode NFKC (NIST SP 800-63B), so the same characters
 * typed composed or decomposed ("é" as one code point or as "e" and a combining accent) or in a
 * compatibility form (fullwidth "ｐａｓｓ" for "pass") are one password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Whether a password is within the length rule (8–128 code points). */
export function isPasswordLength(password: string): boolean {
  const length = codePointLength(password);
  return length >= limits.password.min && length <= limits.password.max;
}

const passwordTooLong = `Must be at most ${limits.password.max} characters`;

/**
 * A password as a client sends it. Decomposing makes a password longer ("ệ" is three code points in
 * NFD), so the cheap cut-off leaves room for a decomposed 128-character one; the length rule is
 * checked on the form that is hashed.
 */
const typedPassword = z
  .string()
  .max(limits.password.max * 4, { message: passwordTooLong, abort: true })
  .refine((value) => !value.includes('\u0000'), { message: 'Must not contain NUL characters', abort: true });

/**
 * A new password (sign-up, change password), parsed to its NFKC form: what gets hashed, and what
 * the 8–128 rule bounds (NFKC can lengthen a string: "ﷺ" becomes 18 characters).
 */
export const passwordSchema = typedPassword.transform(normalizePassword).pipe(
  z
    .string()
    .refine((value) => codePointLength(value) >= limits.password.min, {
      message: `Must be at least ${limits.password.min} characters`,
    })
    .refine((value) => codePointLength(value) <= limits.password.max, {
      message: `${passwordTooLong} once Unicode-normalised (NFKC)`,
    }),
);

/**
 * A password entered to be checked (sign-in, the current password, deleting the account), parsed
 * as typed: it could be an account's when its NFKC form is within the rule (set since passwords are
 * normalised) or when it is itself (set before, hashed as typed).
 */
export const enteredPasswordSchema = typedPassword.superRefine((value, context) => {
  const normalized = normalizePassword(value);
  if (isPasswordLength(normalized) || isPasswordLength(value)) return;
  const short = Math.max(codePointLength(value), codePointLength(normalized)) < limits.password.min;
  context.addIssue({
    code: 'custom',
    message: short ? `Must be at least ${limits.password.min} characters` : passwordTooLong,
  });
});
export const userNameSchema = boundedText({ min: 1, max: limits.userName, notBlank: true });
export const taskTitleSchema = boundedText({ min: 1, max: limits.taskTitle, notBlank: true });
export const taskDescriptionSchema = boundedText({ max: limits.taskDescription });
export const conversationTitleSchema = boundedText({ min: 1, max: limits.conversationTitle, notBlank: true });
export const messageContentSchema = boundedText({ min: 1, max: limits.messageContent, notBlank: true });
export const messageRoleSchema = z.enum(MESSAGE_ROLES);
export const voteValueSchema = z.enum(VOTE_VALUES);
/** A vote's optional words on what was good or wrong with the answer. */
export const voteCommentSchema = boundedText({ min: 1, max: limits.voteComment });
/** Ids are UUIDs; validating them here keeps malformed ids away from PostgreSQL. */
export const idSchema = z.uuid();

/** What a personal access token is called in the account screen ("Claude Desktop"). */
export const accessTokenNameSchema = boundedText({ min: 1, max: limits.accessTokenName, notBlank: true });

export const projectNameSchema = boundedText({ min: 1, max: limits.projectName, notBlank: true });
/** A label is one word, as `@label` is typed in quick add. */
export const labelNameSchema = boundedText({ min: 1, max: limits.labelName }).refine(
  (value) => !new RegExp(NON_WHITESPACE_PATTERN.replace('[^', '['), 'u').test(value),
  { message: 'Must be one word (no spaces)' },
);
export const colorSchema = z.enum(COLORS);
export const prioritySchema = z.union(PRIORITIES.map((priority) => z.literal(priority)));

/** Whether `name` is a time zone this runtime knows by its IANA name (not an offset such as "+02:00"). */
export function isTimeZone(name: string): boolean {
  if (!new RegExp(TIME_ZONE_PATTERN).test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as "Europe/Paris" or "UTC". */
export const timeZoneSchema = z
  .string()
  .max(limits.timeZone)
  .refine(isTimeZone, { message: 'Must be an IANA time zone name, such as "Europe/Paris"' });

/**
 * A calendar date, `YYYY-MM-DD`, that exists (no 31 April or 29 February 2027), in the years
 * PostgreSQL and JavaScript both hold without surprise.
 */
export const calendarDateSchema = z.iso.date({ message: 'Must be a date as YYYY-MM-DD' }).refine(
  (value) => {
    const year = Number(value.slice(0, 4));
    return year >= 1970 && year <= 9999;
  },
  { message: 'Must be a date between 1970 and 9999' },
);
