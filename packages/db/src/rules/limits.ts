/**
 * Field rules shared by the zod schemas and the database CHECK constraints,
 * so the API refuses exactly what PostgreSQL would refuse.
 * Lengths are Unicode code points, the unit of PostgreSQL's `char_length`.
 */
export const limits = {
  userEmail: 254,
  userName: 100,
  password: { min: 8, max: 128 },
  taskTitle: 255,
  taskDescription: 2_000,
  conversationTitle: 255,
  messageContent: 10_000,
} as const;

export const MESSAGE_ROLES = ['user', 'assistant', 'system'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/**
 * Matches one character that is not whitespace. Written once so JavaScript (`u` flag) and
 * PostgreSQL's regex engine (advanced regular expressions) read the same set: JavaScript's `\s`.
 */
export const NON_WHITESPACE_PATTERN =
  '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

/** SQL fragment: the column holds at least one non-whitespace character. */
export function notBlankSql(column: string): string {
  return `${column} ~ '${NON_WHITESPACE_PATTERN}'`;
}

/** SQL fragment: the column's length in code points lies within [min, max]. */
export function lengthSql(column: string, min: number, max: number): string {
  return `char_length(${column}) >= ${min} and char_length(${column}) <= ${max}`;
}
