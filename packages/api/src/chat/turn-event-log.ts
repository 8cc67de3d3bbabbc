import type { ApiLogger } from '../context.ts';
import type { Database } from '../database.ts';
import type { TurnProgress } from './chat-events.ts';
import { insertTurnEvents, type NumberedTurnProgress } from './turn-events.data.ts';

/** How long progress gathers before it is written: one insert for many text deltas. */
const BATCH_MS = 40;

/**
 * Publishes a running turn's progress to its followers on every server process: numbered rows in
 * `chat_turn_events`, written in small batches in order (each insert's trigger notifies). A failed
 * write is logged and skipped: followers still receive the stored message at the end.
 */
export class TurnEventLog {
  private seq = 0;
  private pending: NumberedTurnProgress[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing = Promise.resolve();
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
    this.seq += 1;
    this.pending.push({ seq: this.seq, event });
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Writes what is pending; the turn's outcome is stored after this resolves. */
  async close(): Promise<void> {
    this.flush();
    await this.writing;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.writing = this.writing
      .then(() => insertTurnEvents(this.db, this.userId, this.turn, batch))
      .catch((error: unknown) => {
        this.logger.error({ err: error, conversationId: this.turn.conversationId }, 'publishing turn progress failed');
      });
  }
}
