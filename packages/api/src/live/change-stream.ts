import { isDatabaseOutage } from '../outage.ts';
import type { FeedEvent } from './change-feed.ts';
import { Doorbell } from './doorbell.ts';
import { clientLeft, type LiveContext, OUTAGE_RETRY_MS } from './live-context.ts';

/** Changes waiting for a reader; past this the reader is too slow and its stream ends (it reconnects and refetches). */
const BUFFERED_CHANGES = 100;

/**
 * A list's live stream over the change feed: the caller's events that `accepts` keeps are queued
 * (at most BUFFERED_CHANGES: a reader that falls further behind is ended, to reconnect and
 * refetch), and `describe` turns the head of the queue into what the client sees, answering the
 * changes and how many events they used. While the database is unreachable the same events are
 * described again after OUTAGE_RETRY_MS (or when the feed reconnects); any other failure is
 * logged as `what` and ends the stream.
 */
export function changeStream<Change>(
  ctx: LiveContext,
  what: string,
  accepts: (event: FeedEvent) => boolean,
  describe: (pending: readonly FeedEvent[]) => Promise<{ changes: Change[]; used: number }>,
): AsyncIterable<Change> {
  const pending: FeedEvent[] = [];
  const doorbell = new Doorbell();
  const subscription = ctx.feed.subscribe(
    ctx,
    (event) => {
      if (!accepts(event)) return;
      if (pending.length >= BUFFERED_CHANGES) subscription.end('Too many changes waiting; reconnect and refetch');
      else {
        pending.push(event);
        doorbell.ring();
      }
    },
    ctx.signal,
  );
  const { signal } = subscription;

  async function* stream(): AsyncGenerator<Change> {
    try {
      for (;;) {
        await doorbell.wait(signal);
        while (pending.length > 0) {
          let next: { changes: Change[]; used: number };
          try {
            next = await describe(pending);
          } catch (error) {
            if (!isDatabaseOutage(error)) {
              ctx.logger.error({ err: error }, what);
              throw error;
            }
            await doorbell.wait(signal, OUTAGE_RETRY_MS);
            continue; // the same changes again
          }
          pending.splice(0, next.used);
          yield* next.changes;
        }
      }
    } catch (error) {
      if (clientLeft(ctx.signal)) return;
      throw error;
    } finally {
      subscription.close();
    }
  }
  return stream();
}
