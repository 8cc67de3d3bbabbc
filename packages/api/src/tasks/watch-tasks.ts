import type { Database } from '../database.ts';
import type { FeedEvent } from '../live/change-feed.ts';
import { Doorbell } from '../live/doorbell.ts';
import { type LiveContext, OUTAGE_RETRY_MS } from '../live/live-context.ts';
import { isDatabaseOutage } from '../outage.ts';
import { type DeliveredReminder, findDeliveredReminder } from '../reminders/reminders.data.ts';
import { findTask, type TaskOutput } from './tasks.data.ts';

/**
 * What `tasks.onChange` sends: a task of the caller's was created, updated, completed (a recurring
 * one too: it moves on to its next occurrence), moved (another project, parent or place) or
 * restored from the trash, each with the task as `tasks.list` shows it; `deleted` (moved to the
 * trash, or purged; its subtasks each say so too); `reminder`: one of the caller's reminders came
 * due and was delivered (on every open stream of the user, once). `resync`: changes may have been
 * missed (the server lost its connection to the database for a moment), so refetch `tasks.list`
 * and `reminders.list`.
 */
export type TaskChange =
  | { type: 'created' | 'updated' | 'completed' | 'moved' | 'restored'; task: TaskOutput }
  | { type: 'deleted'; taskId: string }
  | { type: 'reminder'; reminder: DeliveredReminder }
  | { type: 'resync' };

/** Changes waiting for a reader; past this the reader is too slow and its stream ends (it reconnects and refetches). */
const BUFFERED_CHANGES = 100;

/**
 * How a changed task is read for the stream: the ONE place that names the tasks domain's reader,
 * so a new `TaskOutput` (and its find function) is switched here alone.
 */
const readTask = (db: Database, userId: string, id: string): Promise<TaskOutput | null> => findTask(db, userId, id);

/**
 * `tasks.onChange`: the caller's tasks and delivered reminders as they change, live. Not
 * replayed: a client refetches `tasks.list` (and `reminders.list`) whenever the stream
 * (re)starts or says `resync`, then applies the changes.
 */
export async function watchTasks(ctx: LiveContext): Promise<AsyncIterable<TaskChange>> {
  const pending: FeedEvent[] = [];
  const doorbell = new Doorbell();
  const subscription = ctx.feed.subscribe(
    ctx,
    (event) => {
      if (event.k !== 'task' && event.k !== 'reminder' && event.k !== 'reconnected') return;
      if (pending.length >= BUFFERED_CHANGES) subscription.end('Too many changes waiting; reconnect and refetch');
      else {
        pending.push(event);
        doorbell.ring();
      }
    },
    ctx.signal,
  );
  const { signal } = subscription;

  /** The change as the client sees it; null when the task is gone already (its deletion follows) or for others' kinds. */
  async function describe(event: FeedEvent): Promise<TaskChange | null> {
    if (event.k === 'reconnected') return { type: 'resync' };
    if (event.k === 'reminder') {
      const reminder = await findDeliveredReminder(ctx.db, ctx.userId, event.r);
      return reminder ? { type: 'reminder', reminder } : null;
    }
    if (event.k !== 'task') return null;
    if (event.a === 'deleted') return { type: 'deleted', taskId: event.t };
    const task = await readTask(ctx.db, ctx.userId, event.t);
    return task ? { type: event.a, task } : null;
  }

  async function* stream(): AsyncGenerator<TaskChange> {
    try {
      for (;;) {
        await doorbell.wait(signal);
        for (let event = pending[0]; event; event = pending[0]) {
          let change: TaskChange | null;
          try {
            change = await describe(event);
          } catch (error) {
            if (!isDatabaseOutage(error)) {
              ctx.logger.error({ err: error }, 'a task stream failed');
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
