import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import type { searchConversationsInput } from './conversations.schemas.ts';
import { type SearchResult, selectSearchPage } from './search.data.ts';

/** `conversations.search`: full-text search over the caller's messages and titles, most relevant first. */
export async function searchConversations(
  ctx: UserScope,
  input: z.output<typeof searchConversationsInput>,
): Promise<Page<SearchResult>> {
  return await selectSearchPage(ctx.db, ctx.userId, input);
}
