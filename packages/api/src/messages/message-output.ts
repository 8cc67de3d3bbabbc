import type { MessageRole } from '@taskchat/db';
import { toDate } from '../sql-rows.ts';

export interface MessageOutput {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  clientId: string | null;
  createdAt: Date;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  clientId: string | null;
  createdAt: Date | string;
}

/** The columns of a MessageRow, for `select`/`returning`. */
export const MESSAGE_COLUMNS =
  'id, conversation_id as "conversationId", role, content, client_id as "clientId", created_at as "createdAt"';

export function toMessageOutput(row: MessageRow): MessageOutput {
  return {
    id: row.id,
    conversationId: row.conversationId,
    role: row.role,
    content: row.content,
    clientId: row.clientId ?? null,
    createdAt: toDate(row.createdAt),
  };
}
