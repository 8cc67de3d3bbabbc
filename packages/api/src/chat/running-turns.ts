/**
 * The chat turns this process is running. A turn outlives its request when the client leaves,
 * so a graceful shutdown waits for these too before it closes the database pool.
 */
export class RunningTurns {
  private readonly turns = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  /** Aborted when the process can wait no longer: running turns end as timed out and store what they have. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  abort(): void {
    this.stopping.abort();
  }

  track(turn: Promise<void>): void {
    this.turns.add(turn);
    void turn.finally(() => this.turns.delete(turn));
  }

  /** Resolves when every turn running now has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.turns]);
  }
}
