import pLimit, { type LimitFunction } from 'p-limit';
import { Piscina } from 'piscina';
import { DomainError } from '../errors.ts';
import { type Settings, settingDefault } from '../settings/settings-schema.ts';
import type { PasswordOwner } from './password-strength.ts';
import type { PasswordTask } from './password-worker.ts';

/** How much argon2 work one process takes on at once. */
export interface HashingLimits {
  /** Hashes running at once (about the number of cores). */
  concurrency: number;
  /** Hashes waiting for a turn; past these a sign-in or sign-up is refused at once. */
  queue: number;
}

/** The hashing limits from the settings (PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE, settings-schema.ts). */
export function hashingLimitsFrom(
  settings: Pick<Settings, 'PASSWORD_HASH_CONCURRENCY' | 'PASSWORD_HASH_QUEUE'>,
): HashingLimits {
  return { concurrency: settings.PASSWORD_HASH_CONCURRENCY, queue: settings.PASSWORD_HASH_QUEUE };
}

/**
 * One hash per core but one (the event loop and PostgreSQL keep a core while a flood hashes; at
 * least one), and a queue of about a third of a second's work: the settings' defaults.
 */
export function defaultHashingLimits(): HashingLimits {
  return hashingLimitsFrom({
    PASSWORD_HASH_CONCURRENCY: settingDefault('PASSWORD_HASH_CONCURRENCY'),
    PASSWORD_HASH_QUEUE: settingDefault('PASSWORD_HASH_QUEUE'),
  });
}

const busy = () =>
  new DomainError('TOO_MANY_REQUESTS', 'The server is busy; try again in a moment', { retryAfterSeconds: 1 });

/**
 * argon2id and the strength check of new passwords, bounded: each hash takes a core for ~20 ms
 * (a strength check up to ~30 ms), so a flood of sign-ins would otherwise starve every other
 * request. At most `concurrency` run at once, on worker threads of the lowest CPU priority
 * (`password-worker.ts`), and `queue` wait; beyond that the answer is TOO_MANY_REQUESTS right
 * away, not a wait without end.
 */
export class PasswordHasher {
  readonly #limit: LimitFunction;
  readonly #capacity: number;
  readonly #threads: number;
  /** Started on first use: a process that never hashes starts no threads. */
  #pool: Piscina<PasswordTask, string | number | null> | undefined;
  #decoy: Promise<string> | undefined;

  constructor(limits: HashingLimits = defaultHashingLimits()) {
    this.#limit = pLimit(limits.concurrency);
    this.#capacity = limits.concurrency + limits.queue;
    this.#threads = limits.concurrency;
  }

  /** Whether a hash asked for now would be refused (checked first, so a refusal costs no other work). */
  get full(): boolean {
    return this.#limit.activeCount + this.#limit.pendingCount >= this.#capacity;
  }

  /** Refuses with TOO_MANY_REQUESTS when full. */
  assertRoom(): void {
    if (this.full) throw busy();
  }

  async hash(password: string): Promise<string> {
    return (await this.#run({ kind: 'hash', password })) as string;
  }

  /**
   * Whether `password` is the one hashed; with no hash (an unknown email) it is checked against
   * a decoy, so an unknown email and a wrong password take the same time, and answers false.
   */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    return (await this.match(passwordHash, [password])) === 0;
  }

  /**
   * Which of the candidates (forms of one entered password, tried in order) is the one hashed: its
   * index, or -1. Each candidate is an argon2 run of its own and takes its own place in the queue,
   * so the bound counts hashing work, not attempts. With no hash (an unknown email) they are all
   * checked against a decoy, so an unknown email and a wrong password take the same time, and -1.
   */
  async match(passwordHash: string | undefined, candidates: string[]): Promise<number> {
    this.#decoy ??= this.#workers().run({ kind: 'hash', password: crypto.randomUUID() }) as Promise<string>;
    const against = passwordHash ?? (await this.#decoy);
    for (const [index, candidate] of candidates.entries()) {
      const matched = (await this.#run({ kind: 'match', passwordHash: against, candidates: [candidate] })) === 0;
      if (matched) return passwordHash === undefined ? -1 : index;
    }
    return -1;
  }

  /** Why a new password is too easy to guess for its owner, or null (`password-strength.ts`). */
  async weakness(password: string, owner: PasswordOwner): Promise<string | null> {
    return (await this.#run({ kind: 'strength', password, owner })) as string | null;
  }

  /** Ends the worker threads (on shutdown). */
  async close(): Promise<void> {
    await this.#pool?.close();
  }

  #run(task: PasswordTask): Promise<string | number | null> {
    // p-limit admits at most `concurrency` tasks at once, so the pool never queues: it has a thread for each.
    return this.full ? Promise.reject(busy()) : this.#limit(() => this.#workers().run(task));
  }

  #workers(): Piscina<PasswordTask, string | number | null> {
    this.#pool ??= new Piscina({
      filename: new URL('./password-worker.ts', import.meta.url).href,
      // One thread waits ready; more start when hashes overlap, and end after a quiet minute.
      minThreads: 1,
      maxThreads: this.#threads,
      idleTimeout: 60_000,
    });
    return this.#pool;
  }
}
