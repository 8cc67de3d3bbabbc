import type { FeedEvent } from '../live/change-feed.ts';
import { Doorbell } from '../live/doorbell.ts';
import { type LiveContext, OUTAGE_RETRY_MS } from '../live/live-context.ts';
import { isDatabaseOutage } from '../outage.ts';
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

/** Changes waiting for a reader; past this the reader is too slow and its stream ends (it reconnects and refetches). */
const BUFFERED_CHANGES = 100;

/**
 * `conversations.onChange`: the caller's conversation list as it changes, live. Not replayed: a
 * client refetches `conversations.list` whenever the stream (re)starts, then applies the changes.
 */
export async function watchConversations(ctx: LiveContext): Promise<AsyncIterable<ConversationChange>> {
  const pending: FeedEvent[] = [];
  const doorbell = new Doorbell();
  const subscription = ctx.feed.subscribe(
    ctx,
    (event) => {
      // Message streams, tasks and reminders are other subscriptions' business.
      if (event.k === 'stream' || event.k === 'task' || event.k === 'reminder') return;
      if (pending.length >= BUFFERED_CHANGES) subscription.end('Too many changes waiting; reconnect and refetch');
      else {
        pending.push(event);
        doorbell.ring();
      }
    },
    ctx.signal,
  );
  const { signal } = subscription;

  /** The change as the client sees it; null when the conversation is gone already (its deletion follows). */
  async function describe(event: FeedEvent): Promise<ConversationChange | null> {
    if (event.k === 'reconnected') return { type: 'resync' };
    if (event.k === 'deleted') return { type: 'deleted', conversationId: event.c };
    if (event.k === 'stream' || event.k === 'task' || event.k === 'reminder' || event.k === 'session-closed') {
      return null;
    }
    const conversation = await findConversation(ctx.db, ctx.userId, event.c);
    return conversation ? { type: event.k, conversation } : null;
  }

  async function* stream(): AsyncGenerator<ConversationChange> {
    try {
      for (;;) {
        await doorbell.wait(signal);
        for (let event = pending[0]; event; event = pending[0]) {
          let change: ConversationChange | null;
          try {
            change = await describe(event);
          } catch (error) {
            if (!isDatabaseOutage(error)) {
              ctx.logger.error({ err: error }, 'a conversation list stream failed');
              throw error;
            }
            await doorbell.wait(signal, OUTAGE_RETRY_MS);
            continue; // the same change again
          }
          pending.shift();
          if (change) yield change;
        }
      }
    } finally {
      subscription.close();
    }
  }
  return stream();
}
