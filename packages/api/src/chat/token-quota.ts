import type { Database } from '../database.ts';
import { DomainError } from '../errors.ts';
import { secondsUntilTokensUnder } from './chat-usage.data.ts';

/**
 * The daily token quota (CHAT_TOKENS_PER_DAY; 0 is none): a turn starts only while the user's
 * turns of the last 24 hours used fewer tokens, input and output, than `tokensPerDay`; otherwise
 * TOO_MANY_REQUESTS, with when the oldest of them leave the window. The turn that crosses the line
 * runs to its end: its tokens are known only then.
 */
export async function assertUnderTokenQuota(db: Database, userId: string, tokensPerDay: number): Promise<void> {
  if (tokensPerDay === 0) return;
  const seconds = await secondsUntilTokensUnder(db, userId, tokensPerDay);
  if (seconds === null) return;
  throw new DomainError('TOO_MANY_REQUESTS', 'Too many chat tokens in the last 24 hours; try again later', {
    retryAfterSeconds: Math.max(1, seconds),
  });
}
