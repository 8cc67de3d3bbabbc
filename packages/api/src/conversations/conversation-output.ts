import { toDate } from '../sql-rows.ts';

export interface ConversationOutput {
  id: string;
  title: string | null;
  createdAt: Date;
  /** Last activity: when the newest message was added. */
  updatedAt: Date;
}

export interface ConversationRow {
  id: string;
  title: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** The columns of a ConversationRow, for `select`/`returning`. */
export const CONVERSATION_COLUMNS = 'id, title, created_at as "createdAt", updated_at as "updatedAt"';

export function toConversationOutput(row: ConversationRow): ConversationOutput {
  return { id: row.id, title: row.title ?? null, createdAt: toDate(row.createdAt), updatedAt: toDate(row.updatedAt) };
}
