import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit, { type LimitFunction } from 'p-limit';
import { DomainError } from '../errors.ts';

/** How much argon2 work one process takes on at once. */
export interface HashingLimits {
  /** Hashes running at once (about the number of cores). */
  concurrency: number;
  /** Hashes waiting for a turn; past these a sign-in or sign-up is refused at once. */
  queue: number;
}

/**
 * One hash per core but one (the event loop and PostgreSQL keep a core while a flood hashes; at
 * least one), and a queue of about a third of a second's work.
 */
export function defaultHashingLimits(): HashingLimits {
  return { concurrency: Math.max(1, availableParallelism() - 1), queue: 16 };
}

const busy = () =>
  new DomainError('TOO_MANY_REQUESTS', 'The server is busy; try again in a moment', { retryAfterSeconds: 1 });

/**
 * argon2id (the library's default algorithm, with its recommended costs), bounded: each hash
 * takes a core for ~20 ms, so a flood of sign-ins would otherwise starve every other request.
 * Beyond the queue the answer is TOO_MANY_REQUESTS right away, not a wait without end.
 */
export class PasswordHasher {
  readonly #limit: LimitFunction;
  readonly #capacity: number;
  #decoy: Promise<string> | undefined;

  constructor(limits: HashingLimits = defaultHashingLimits()) {
    this.#limit = pLimit(limits.concurrency);
    this.#capacity = limits.concurrency + limits.queue;
  }

  /** Whether a hash asked for now would be refused (checked first, so a refusal costs no other work). */
  get full(): boolean {
    return this.#limit.activeCount + this.#limit.pendingCount >= this.#capacity;
  }

  /** Refuses with TOO_MANY_REQUESTS when full. */
  assertRoom(): void {
    if (this.full) throw busy();
  }

  hash(password: string): Promise<string> {
    return this.#run(() => hash(password));
  }

  /**
   * Whether `password` is the one hashed; with no hash (an unknown email) it is checked against
   * a decoy, so an unknown email and a wrong password take the same time, and answers false.
   */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    this.#decoy ??= hash(crypto.randomUUID());
    const against = passwordHash ?? (await this.#decoy);
    const valid = await this.#run(() => verify(against, password));
    return valid && passwordHash !== undefined;
  }

  #run<T>(work: () => Promise<T>): Promise<T> {
    return this.full ? Promise.reject(busy()) : this.#limit(work);
  }
}
