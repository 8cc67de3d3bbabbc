/**
 * Wakes one waiting reader when something changed. Rings coalesce: however many arrive while the
 * reader is busy, its next `wait` returns at once, once, and the reader reads everything new from
 * the database. So a slow reader costs no memory, whatever the rate of changes.
 */
export class Doorbell {
  private rung = false;
  private wake: (() => void) | null = null;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Resolves when rung since the last wait (at once if it was) or after `timeoutMs`; rejects when `signal` aborts. */
  async wait(signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (!this.rung) {
      await new Promise<void>((resolve, reject) => {
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.wake = null;
          outcome();
        };
        const onAbort = () => settle(() => reject(signal.reason));
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle(resolve), timeoutMs);
        this.wake = () => settle(resolve);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.rung = false;
  }
}
