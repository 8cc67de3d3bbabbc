import type { ChatEvent } from './chat-events.ts';

/**
 * A running turn's events on their way to its caller. Text deltas that arrive while the reader is
 * busy, or within one turn of the event loop (a model faster than the connection, or the offline
 * assistant's whole answer at once), reach it as one delta with their text joined: one chunk on
 * the wire instead of one a word (a socket write each: a large part of a turn's cost in its
 * profile). Every other event keeps its place. A reader that goes away does not stop the turn:
 * what it would have read is dropped.
 */
export class ChatEventQueue implements AsyncIterable<ChatEvent> {
  private queued: ChatEvent[] = [];
  private closed = false;
  private abandoned = false;
  private wake: (() => void) | undefined;

  push(event: ChatEvent): void {
    if (this.abandoned) return;
    const last = this.queued.at(-1);
    if (last?.type === 'text-delta' && event.type === 'text-delta') {
      this.queued[this.queued.length - 1] = { type: 'text-delta', text: last.text + event.text };
    } else {
      this.queued.push(event);
    }
    this.wake?.();
  }

  /** No event follows: the reader ends after the queued ones. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ChatEvent> {
    try {
      for (;;) {
        if (this.queued.length === 0) {
          if (this.closed) return;
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = undefined;
          // What else the turn produces in this turn of the event loop joins the first event.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const events = this.queued;
        this.queued = [];
        yield* events;
      }
    } finally {
      this.abandoned = true;
      this.queued = [];
    }
  }
}
