import type { Database } from '../database.ts';
import type { ApiLogger } from '../logger.ts';
import type { TurnProgress } from './chat-events.ts';
import { insertTurnEvents, type NumberedTurnProgress } from './turn-events.data.ts';

/** How long progress gathers before it is written: one insert for many text deltas. */
const BATCH_MS = 40;

/**
 * Publishes a running turn's progress to its followers on every server process: numbered rows in
 * `chat_turn_events`, written in small batches in order (each insert's trigger notifies). After a
 * failed write (logged) the turn publishes nothing more: followers receive the stored message at the end.
 */
export class TurnEventLog {
  private seq = 0;
  private pending: NumberedTurnProgress[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing = Promise.resolve();
  /** After a failed write nothing more is published: a later batch would leave followers a gap. */
  private failed = false;
  private readonly db: Database;
  private readonly userId: string;
  private readonly turn: { turnId: string; conversationId: string };
  private readonly logger: ApiLogger;

  constructor(db: Database, userId: string, turn: { turnId: string; conversationId: string }, logger: ApiLogger) {
    this.db = db;
    this.userId = userId;
    this.turn = turn;
    this.logger = logger;
  }

  record(event: TurnProgress): void {
    if (this.failed) return;
    this.seq += 1;
    this.pending.push({ seq: this.seq, event });
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /**
   * Waits for the batches already on their way; the turn's outcome is stored after this resolves.
   * What is still pending is not written: the stored answer, which followers receive next, holds
   * it (a turn shorter than a batch publishes no progress at all, and costs no insert).
   */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    await this.writing;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.writing = this.writing
      .then(() => (this.failed ? undefined : insertTurnEvents(this.db, this.userId, this.turn, batch)))
      .catch((error: unknown) => {
        this.failed = true;
        this.pending = [];
        this.logger.error({ err: error, conversationId: this.turn.conversationId }, 'publishing turn progress failed');
      });
  }
}
