import { isThrottleRefusal } from '../auth/sign-in-throttle.data.ts';
import { DomainError } from '../errors.ts';
import { counter } from './registry.ts';

const refusals = counter({
  name: 'taskchat_sign_in_refusals_total',
  help: 'auth.signIn calls refused, by reason: bad_credentials (unknown email or wrong password, alike), throttled, busy (password hashing full)',
  labelNames: ['reason'],
});

/**
 * Counts a refused sign-in by why it was refused. An unknown email and a wrong password are one
 * reason, as the caller gets them: the metric must not tell which emails have accounts.
 * Failures that are no refusal (an outage) are not counted here.
 */
export function countSignInRefusal(error: unknown): void {
  if (!(error instanceof DomainError)) return;
  if (error.code === 'UNAUTHORIZED') refusals.inc({ reason: 'bad_credentials' });
  else if (error.code === 'TOO_MANY_REQUESTS')
    refusals.inc({ reason: isThrottleRefusal(error) ? 'throttled' : 'busy' });
}
