import { conversationTitleSchema, idSchema } from '@taskchat/db';
import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';
import { searchQuerySchema } from '../search/search-query.ts';

export const listConversationsInput = z
  .object({
    /** The archived conversations instead of the others. */
    archived: z.boolean().default(false),
    limit: limitInput(100, 20),
    cursor: cursorInput.optional(),
  })
  .default({ archived: false, limit: 20 });

export const listTrashInput = z
  .object({ limit: limitInput(100, 20), cursor: cursorInput.optional() })
  .default({ limit: 20 });

export const createConversationInput = z.object({ title: conversationTitleSchema.optional() }).default({});

export const renameConversationInput = z.object({ id: idSchema, title: conversationTitleSchema });

export const conversationIdInput = z.object({ id: idSchema });

/** `conversations.setLeaf`: the branch to switch to, through one of its messages. */
export const setLeafInput = z.object({ id: idSchema, messageId: idSchema });

/** `conversations.unshare`: the link to revoke. */
export const unshareInput = z.object({ shareId: idSchema });

/** A share link's secret, as its URL carries it: 32 random bytes, base64url. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'Invalid share link' });

/** `conversations.shared`: a shared snapshot, page by page (older messages after `nextCursor`). */
export const sharedInput = z.object({
  token: shareTokenSchema,
  limit: limitInput(200, 100),
  cursor: cursorInput.optional(),
});

/** `conversations.get`: one in the trash too when `includeTrashed`. */
export const getConversationInput = z.object({ id: idSchema, includeTrashed: z.boolean().default(false) });

export const searchConversationsInput = z.object({
  /** Words, "a phrase", or, -word (web search syntax); at most 200 characters. */
  query: searchQuerySchema,
  limit: limitInput(50, 20),
  cursor: cursorInput.optional(),
});

export const importConversationInput = z.object({
  /** One conversation of an export: its line and its messages' lines (a header line may lead). */
  ndjson: z.string().min(1).max(20_000_000),
});
