import type { ModelMessage } from 'ai';
import type { Database } from '../database.ts';

/** A hard cap on rows read, whatever the budget: a turn's history query is always small. */
const MAX_HISTORY_MESSAGES = 200;

/**
 * What the model sees of a conversation: its newest user and assistant messages whose contents
 * fit in `budgetChars` (the newest always), oldest first. "Newest" is the conversation's order
 * (`seq`, the order of appends), never the times messages carry (an import sets those). Read
 * backwards from the (conversation_id, user_id, seq, id) index, so a turn in a long conversation
 * reads as few rows as in a short one. System messages are left out: the instructions are
 * configuration.
 */
export async function readHistory(
  db: Database,
  userId: string,
  conversationId: string,
  budgetChars: number,
): Promise<ModelMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['role', 'content'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .orderBy('seq', 'desc')
    .limit(MAX_HISTORY_MESSAGES)
    .execute();
  const history: ModelMessage[] = [];
  let used = 0;
  for (const row of rows) {
    if (history.length > 0 && used + row.content.length > budgetChars) break;
    used += row.content.length;
    if (row.role === 'user') history.push({ role: 'user', content: row.content });
    if (row.role === 'assistant') history.push({ role: 'assistant', content: row.content });
  }
  return history.reverse();
}
