/** The replacement of crashed server processes (RestartPolicy); tests pass their own. */
export interface RestartLimits {
  /** The wait before replacing a process after the first crash in `windowMs`; it doubles with each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
  /** Replacements in a row that end before they listen, after which the primary gives up. */
  failedStarts: number;
}

export const RESTART_LIMITS: RestartLimits = {
  firstDelayMs: 100,
  maxDelayMs: 10_000,
  windowMs: 60_000,
  failedStarts: 5,
};

/**
 * When a cluster's primary replaces a worker that ended unexpectedly: after a delay that doubles
 * with each crash in the last minute (100 ms, 200 ms, … at most 10 s), so a process that keeps
 * dying does not spin the machine; and not at all once replacements have failed to start five
 * times in a row (the database gone, a bad release): then the primary gives up.
 */
export class RestartPolicy {
  #crashes: number[] = [];
  #failedStarts = 0;
  readonly #limits: RestartLimits;

  constructor(limits: RestartLimits = RESTART_LIMITS) {
    this.#limits = limits;
  }

  /**
   * A worker ended unexpectedly at `now` (ms); `hadListened` whether it had served. The delay
   * before its replacement, or null: give up.
   */
  crashed(now: number, hadListened: boolean): number | null {
    this.#failedStarts = hadListened ? 0 : this.#failedStarts + 1;
    if (this.#failedStarts >= this.#limits.failedStarts) return null;
    this.#crashes = [...this.#crashes.filter((at) => now - at < this.#limits.windowMs), now];
    return Math.min(this.#limits.firstDelayMs * 2 ** (this.#crashes.length - 1), this.#limits.maxDelayMs);
  }
}
