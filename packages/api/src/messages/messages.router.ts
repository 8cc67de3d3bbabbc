import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { toDate } from '../sql-rows.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { titleFromMessage } from './conversation-title.ts';
import { toMessageOutput } from './message-output.ts';
import {
  conversationExists,
  findByClientId,
  hasUserMessage,
  insertMessage,
  listMessagesNewestFirst,
  lockConversation,
  touchConversation,
} from './messages.queries.ts';
import { appendMessageInput, listMessagesInput } from './messages.schemas.ts';

export const messagesRouter = router({
  /**
   * The newest `limit` messages older than the cursor (the newest overall without one), in
   * chronological order; `nextCursor` leads to older messages and is null at the start.
   */
  list: protectedProcedure.input(listMessagesInput).query(async ({ ctx, input }) => {
    const scope = `messages:${input.conversationId}`;
    const before = positionIn(scope, input.cursor);
    const userId = ctx.auth.user.id;
    if (!(await conversationExists(ctx.db, userId, input.conversationId))) throw notFound('Conversation');
    const page = await keysetPage(
      (limit, after) => listMessagesNewestFirst(ctx.db, userId, input.conversationId, limit, after),
      { scope, sortKey: (row) => toDate(row.createdAt), after: before, limit: input.limit },
    );
    return { items: page.items.reverse().map(toMessageOutput), nextCursor: page.nextCursor };
  }),

  /**
   * Stores a message and moves the conversation's last activity, in one transaction. The
   * conversation row is locked first, so appends to one conversation are serialised: a retried
   * clientId finds the first message, and the first user message names an untitled conversation.
   */
  append: protectedProcedure.input(appendMessageInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.auth.user.id;
    const { conversationId } = input;
    return await ctx.db.transactional(async (em) => {
      const conversation = await lockConversation(em, userId, conversationId);
      if (!conversation) throw notFound('Conversation');

      if (input.clientId) {
        const existing = await findByClientId(em, userId, conversationId, input.clientId);
        if (existing) return toMessageOutput(existing);
      }
      const title =
        conversation.title === null && input.role === 'user' && !(await hasUserMessage(em, userId, conversationId))
          ? titleFromMessage(input.content)
          : null;
      const message = await insertMessage(em, {
        userId,
        conversationId,
        role: input.role,
        content: input.content,
        clientId: input.clientId ?? null,
        createdAt: new Date(),
      });
      await touchConversation(em, userId, conversationId, toDate(message.createdAt), title);
      return toMessageOutput(message);
    });
  }),
});
