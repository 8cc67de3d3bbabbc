import type { SignedInContext, UserScope } from '../context.ts';
import { selectConversation } from '../conversations/conversations.data.ts';
import { readWholeBranch } from '../messages/branch.data.ts';
import { conversationMarkdown } from './conversation-markdown.ts';
import { exportConversations, exportLabels, exportProjects, exportTasks } from './export.data.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type HeaderLine } from './export-format.ts';

/**
 * Everything of the user's, as NDJSON lines (`export-format.ts`): produced batch by batch while
 * the caller writes them out, so memory stays flat whatever the account's size.
 */
export async function* exportAccount(ctx: Pick<SignedInContext, 'db' | 'auth'>): AsyncGenerator<string> {
  const { db } = ctx;
  const { user } = ctx.auth;
  const header: HeaderLine = {
    type: 'header',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    user: { id: user.id, email: user.email, name: user.name, timeZone: user.timeZone },
  };
  yield `${JSON.stringify(header)}\n`;
  for await (const line of exportProjects(db, user.id)) yield `${JSON.stringify(line)}\n`;
  for await (const line of exportLabels(db, user.id)) yield `${JSON.stringify(line)}\n`;
  for await (const line of exportTasks(db, user.id, user.timeZone)) yield `${JSON.stringify(line)}\n`;
  for await (const line of exportConversations(db, user.id)) yield `${JSON.stringify(line)}\n`;
}

/**
 * One conversation's current branch as Markdown (`conversationMarkdown`). NOT_FOUND before
 * anything is produced when it is not the user's.
 */
export async function exportConversationMarkdown(
  ctx: UserScope,
  input: { conversationId: string },
): Promise<AsyncGenerator<string>> {
  const { db, userId } = ctx;
  const conversation = await selectConversation(db, userId, input.conversationId);
  const { leafId } = conversation;
  const messages = leafId ? readWholeBranch(db, userId, conversation.id, leafId) : noMessages();
  return conversationMarkdown(conversation.title, messages);
}

async function* noMessages(): AsyncGenerator<never> {}
