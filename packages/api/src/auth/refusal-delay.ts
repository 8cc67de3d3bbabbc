import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../errors.ts';

/**
 * Runs `work`; when it is refused with TOO_MANY_REQUESTS, holds the refusal for `delayMs` before
 * it is answered. A client that loops on refusals (a flood on its connections) then sends at most
 * one attempt per connection per delay, instead of refusals as fast as the server can answer them,
 * which would crowd out everyone else's requests. Nothing is held meanwhile but a timer.
 */
export async function withRefusalsHeld<T>(delayMs: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS' && delayMs > 0) await sleep(delayMs);
    throw error;
  }
}
