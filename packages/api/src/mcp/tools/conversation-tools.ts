import { idSchema } from '@taskchat/db';
import { z } from 'zod';
import { getConversation } from '../../conversations/get-conversation.ts';
import { searchConversations } from '../../conversations/search-conversations.ts';
import { listMessages } from '../../messages/list-messages.ts';
import { cursorInput, limitInput } from '../../pagination/cursor.ts';
import { searchQuerySchema } from '../../search/search-query.ts';
import { type McpTool, mcpTool, READ_ONLY } from '../mcp-tool.ts';

const searchSchema = z.object({
  query: searchQuerySchema.describe('Words, "a phrase", or -word to leave out (at most 200 characters)'),
  limit: limitInput(20, 10).describe('At most this many conversations (1–20, default 10)'),
  cursor: cursorInput.optional().describe('nextCursor of the previous page, for the next one'),
});

const getSchema = z.object({
  id: idSchema.describe('The conversation id, from search_conversations'),
  limit: limitInput(50, 20).describe('At most this many of its newest messages (1–50, default 20)'),
  before: cursorInput.optional().describe('olderCursor of the previous answer, for the messages before those'),
});

/** The user's conversations, read-only: search them, and read one's recent messages. */
export const mcpConversationTools: McpTool[] = [
  mcpTool({
    name: 'search_conversations',
    title: 'Search conversations',
    description:
      "Full-text search over the user's chat conversations (titles and messages), most relevant first; each result has the conversation id, its title and the best matching passage.",
    scope: 'conversations:read',
    annotations: READ_ONLY,
    schema: searchSchema,
    run: async (ctx, input) => {
      const page = await searchConversations(ctx, input);
      const results = page.items.map((item, index) => ({
        number: index + 1,
        conversationId: item.conversation.id,
        title: item.conversation.title,
        messageId: item.messageId,
        passage: item.snippet.map((part) => part.text).join(''),
        updatedAt: item.conversation.updatedAt.toISOString(),
      }));
      const lines = results.map((result) => `${result.number}. ${result.title ?? 'Untitled'} — ${result.passage}`);
      return {
        structured: { results, nextCursor: page.nextCursor },
        text: lines.length > 0 ? lines.join('\n') : 'No conversation matches.',
      };
    },
  }),
  mcpTool({
    name: 'get_conversation',
    title: 'Read a conversation',
    description:
      "One of the user's conversations with its newest messages, oldest first (at most 50, and at most 256 KiB of text); olderCursor leads to the messages before them.",
    scope: 'conversations:read',
    annotations: READ_ONLY,
    schema: getSchema,
    run: async (ctx, input) => {
      const conversation = await getConversation(ctx, { id: input.id, includeTrashed: false });
      const page = await listMessages(ctx, { conversationId: input.id, limit: input.limit, cursor: input.before });
      const messages = page.items.map((message) => ({
        id: message.id,
        role: message.role,
        content: message.content,
        incomplete: message.incomplete,
        createdAt: message.createdAt.toISOString(),
      }));
      const title = conversation.title ?? 'Untitled';
      return {
        structured: {
          conversation: {
            id: conversation.id,
            title: conversation.title,
            archived: conversation.archived,
            pinned: conversation.pinned,
            createdAt: conversation.createdAt.toISOString(),
            updatedAt: conversation.updatedAt.toISOString(),
          },
          messages,
          olderCursor: page.nextCursor,
        },
        text: [`# ${title}`, ...messages.map((message) => `${message.role}: ${message.content}`)].join('\n\n'),
      };
    },
  }),
];
