import type { FeedEvent } from '../live/change-feed.ts';
import { changeStream } from '../live/change-stream.ts';
import type { LiveContext } from '../live/live-context.ts';
import { type ConversationOutput, findConversation } from './conversations.data.ts';

/**
 * What `conversations.onChange` sends: a conversation of the caller's was created (or restored
 * from the trash), updated (renamed, archived, pinned, or the reverse), had new activity (a
 * message), or was deleted (moved to the trash, or purged). `resync`: changes may have been
 * missed (the server lost its connection to the database for a moment), so refetch
 * `conversations.list`.
 */
export type ConversationChange =
  | { type: 'created' | 'updated' | 'activity'; conversation: ConversationOutput }
  | { type: 'deleted'; conversationId: string }
  | { type: 'resync' };

/**
 * `conversations.onChange`: the caller's conversation list as it changes, live. Not replayed: a
 * client refetches `conversations.list` whenever the stream (re)starts, then applies the changes.
 */
export async function watchConversations(ctx: LiveContext): Promise<AsyncIterable<ConversationChange>> {
  /** The change as the client sees it; none when the conversation is gone already (its deletion follows). */
  async function describe(event: FeedEvent): Promise<ConversationChange[]> {
    if (event.k === 'reconnected') return [{ type: 'resync' }];
    if (event.k === 'deleted') return [{ type: 'deleted', conversationId: event.c }];
    if (event.k === 'stream' || event.k === 'task' || event.k === 'reminder' || event.k === 'session-closed') return [];
    const conversation = await findConversation(ctx.db, ctx.userId, event.c);
    return conversation ? [{ type: event.k, conversation }] : [];
  }

  return changeStream(
    ctx,
    'a conversation list stream failed',
    (event) => event.k !== 'stream' && event.k !== 'task' && event.k !== 'reminder',
    async (pending) => ({ changes: await describe(pending[0] as FeedEvent), used: 1 }),
  );
}
