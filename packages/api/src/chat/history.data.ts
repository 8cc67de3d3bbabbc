import type { ModelMessage } from 'ai';
import type { Database } from '../database.ts';
import { readBranch } from '../messages/branch.data.ts';

/** A hard cap on rows read, whatever the budget: a turn's history query is always small. */
const MAX_HISTORY_MESSAGES = 200;

/**
 * What the model sees of a conversation: the branch ending at `messageId` (the message it answers),
 * never another branch, its newest user and assistant messages whose contents fit in
 * `budgetChars` (the newest always), oldest first. Read by walking up the parents from that
 * message, so a turn in a long or branchy conversation reads as few rows as in a short one.
 * System messages are left out: the instructions are configuration.
 */
export async function readHistory(
  db: Database,
  userId: string,
  branch: { conversationId: string; messageId: string },
  budgetChars: number,
): Promise<ModelMessage[]> {
  const rows = await readBranch(db, userId, branch.conversationId, branch.messageId, MAX_HISTORY_MESSAGES);
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
