import type { FeedEvent } from '../live/change-feed.ts';
import { changeStream } from '../live/change-stream.ts';
import type { LiveContext } from '../live/live-context.ts';
import { type DeliveredReminder, findDeliveredReminders } from '../reminders/reminders.data.ts';
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

/** Reminders read in one statement, at most. */
const REMINDERS_PER_READ = 50;

/**
 * `tasks.onChange`: the caller's tasks and delivered reminders as they change, live. Not
 * replayed: a client refetches `tasks.list` (and `reminders.list`) whenever the stream
 * (re)starts or says `resync`, then applies the changes.
 */
export async function watchTasks(ctx: LiveContext): Promise<AsyncIterable<TaskChange>> {
  /**
   * The changes the first pending events make, and how many events they used: the reminders at
   * the head of the queue are read together, in one statement (a burst of due reminders costs one
   * read, not one per reminder); any other event alone. A reminder or task that is gone already
   * (its deletion follows) makes no change.
   */
  async function describeNext(pending: readonly FeedEvent[]): Promise<{ changes: TaskChange[]; used: number }> {
    const event = pending[0] as FeedEvent;
    if (event.k === 'reminder') {
      let used = 0;
      while (used < pending.length && used < REMINDERS_PER_READ && pending[used]?.k === 'reminder') used++;
      const ids = pending.slice(0, used).flatMap((e) => (e.k === 'reminder' ? [e.r] : []));
      const found = new Map(
        (await findDeliveredReminders(ctx.db, ctx.userId, ids)).map((reminder) => [reminder.id, reminder]),
      );
      const changes = ids.flatMap((id): TaskChange[] => {
        const reminder = found.get(id);
        return reminder ? [{ type: 'reminder', reminder }] : [];
      });
      return { changes, used };
    }
    if (event.k === 'reconnected') return { changes: [{ type: 'resync' }], used: 1 };
    if (event.k !== 'task') return { changes: [], used: 1 };
    if (event.a === 'deleted') return { changes: [{ type: 'deleted', taskId: event.t }], used: 1 };
    const task = await findTask(ctx.db, ctx.userId, event.t);
    return { changes: task ? [{ type: event.a, task }] : [], used: 1 };
  }

  return changeStream(
    ctx,
    'a task stream failed',
    (event) => event.k === 'task' || event.k === 'reminder' || event.k === 'reconnected',
    describeNext,
  );
}
