import { LockMode } from '@mikro-orm/postgresql';
import { Conversation, Message } from '@taskchat/db';
import { positionIn } from '../pagination/cursor.ts';
import { keysetPage } from '../pagination/keyset-page.ts';
import { notFound, protectedProcedure, router } from '../trpc.ts';
import { titleFromMessage } from './conversation-title.ts';
import { toMessageOutput } from './message-output.ts';
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
    const conversation = await ctx.em.count(Conversation, { id: input.conversationId, user: userId });
    if (conversation === 0) throw notFound('Conversation');

    // Newest first from the index, then turned into chronological order for the reader.
    const query = ctx.em
      .createQueryBuilder(Message, 'm')
      .where({ conversation: input.conversationId, user: userId })
      .orderBy({ createdAt: 'desc', id: 'desc' });
    const page = await keysetPage(query, {
      scope,
      sortColumn: 'm.created_at',
      sortKey: (message) => message.createdAt,
      after: before,
      limit: input.limit,
    });
    return { items: page.items.reverse().map(toMessageOutput), nextCursor: page.nextCursor };
  }),

  /**
   * Stores a message and moves the conversation's last activity, in one transaction. The
   * conversation row is locked first, so appends to one conversation are serialised: a retried
   * clientId finds the first message, and the first user message names an untitled conversation.
   */
  append: protectedProcedure.input(appendMessageInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.auth.user.id;
    return await ctx.em.transactional(async (em) => {
      const conversation = await em.findOne(
        Conversation,
        { id: input.conversationId, user: userId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!conversation) throw notFound('Conversation');

      if (input.clientId) {
        const existing = await em.findOne(Message, { conversation, user: userId, clientId: input.clientId });
        if (existing) return toMessageOutput(existing);
      }

      const needsTitle =
        conversation.title == null &&
        input.role === 'user' &&
        (await em.count(Message, { conversation, user: userId, role: 'user' })) === 0;

      const now = new Date();
      const message = em.create(Message, {
        conversation,
        user: userId,
        role: input.role,
        content: input.content,
        clientId: input.clientId ?? null,
        createdAt: now,
      });
      if (now > conversation.updatedAt) conversation.updatedAt = now;
      if (needsTitle) conversation.title = titleFromMessage(input.content);
      await em.flush();
      return toMessageOutput(message);
    });
  }),
});
