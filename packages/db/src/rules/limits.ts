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
  projectName: 120,
  labelName: 60,
  /** An RFC 5545 RRULE as stored (without the `RRULE:` prefix). */
  recurrence: 500,
  /** An IANA time zone name (the longest today is 32 characters). */
  timeZone: 64,
  /** `tasks.quickAdd` / `tasks.parse`: one line a person types. */
  taskText: 1_000,
  /** A fractional-indexing key (`tasks.move`); keys grow by about a character per 60 moves into one gap. */
  position: 200,
  /** Reminders on one task. */
  remindersPerTask: 10,
  /** A relative reminder: at most four weeks before the due moment… */
  reminderMinutesBefore: 40_320,
  /** …or a day after it (a date-only task's "remind me 6pm" is 9 hours after its 9:00 due moment). */
  reminderMinutesAfter: 1_440,
  /** A task, its subtask and so on: a chain of at most this many tasks. */
  taskDepth: 4,
  /** The User-Agent a session signed in with, as stored: a longer header is cut to this, never refused. */
  sessionUserAgent: 512,
  /** The address a session signed in from: the longest textual IPv6 address (with an IPv4 tail) is 45. */
  sessionAddress: 45,
  /** A personal access token's name ("Claude Desktop", "laptop script"). */
  accessTokenName: 100,
  /** Unexpired personal access tokens one user may hold at once. */
  accessTokensPerUser: 50,
  /** The longest a personal access token may live when it expires at all (a year). */
  accessTokenExpiryDays: 365,
  /** The optional comment of a vote on an answer. */
  voteComment: 1_000,
} as const;

/** A vote on an assistant message: thumbs up or down. */
export const VOTE_VALUES = ['up', 'down'] as const;
export type VoteValue = (typeof VOTE_VALUES)[number];

/** Task priorities, Todoist's p1–p4: 1 is the most urgent, 4 (no priority) the default. */
export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 4;

/** The colours a project or label may have (Todoist's palette names; a client maps them to shades). */
export const COLORS = [
  'berry_red',
  'red',
  'orange',
  'yellow',
  'olive_green',
  'lime_green',
  'green',
  'mint_green',
  'teal',
  'sky_blue',
  'light_blue',
  'blue',
  'grape',
  'violet',
  'lavender',
  'magenta',
  'salmon',
  'charcoal',
  'grey',
  'taupe',
] as const;
export type Color = (typeof COLORS)[number];
export const DEFAULT_COLOR: Color = 'charcoal';

/** The name of the project every user has, where tasks without a project go; it cannot be deleted. */
export const INBOX_NAME = 'Inbox';

/** An IANA zone name's characters ("America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"); the zone itself is checked in zod. */
export const TIME_ZONE_PATTERN = '^[A-Za-z][A-Za-z0-9_+/-]*$';

/**
 * What a personal access token may be granted: the MCP scopes (`MCP_SCOPES` in packages/api, which
 * a test holds equal to this), listed here because the CHECK constraint on `access_tokens` needs them.
 */
export const ACCESS_TOKEN_SCOPES = ['tasks:read', 'tasks:write', 'conversations:read'] as const;
export type AccessTokenScope = (typeof ACCESS_TOKEN_SCOPES)[number];

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

/** SQL fragment: the column holds no whitespace at all (a label is one word, as `@label` is typed). */
export function noWhitespaceSql(column: string): string {
  return `${column} !~ '${NON_WHITESPACE_PATTERN.replace('[^', '[')}'`;
}

/** SQL fragment: the column's length in code points lies within [min, max]. */
export function lengthSql(column: string, min: number, max: number): string {
  return `char_length(${column}) >= ${min} and char_length(${column}) <= ${max}`;
}

/**
 * A date-only task's due moment, for its relative reminders: that day at this local time, so
 * "30 minutes before" a task due Friday reminds at 8:30 on Friday.
 */
export const DATE_ONLY_DUE_TIME = '09:00';
