import { errorCode } from '@taskchat/client';
import type { TRPCSubscriptionResult } from '@trpc/tanstack-react-query';
import { useEffect } from 'react';
import { signOutWhenUnauthorized } from '../session/session-token.ts';

/** How long a failed live stream waits before it starts again. */
const RESUBSCRIBE_AFTER_MS = 3_000;

/** Refusals that starting again would only repeat. */
const FINAL = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']);

/**
 * Keeps a subscription alive past a failure (an outage, a dropped connection the stream could not
 * resume): it starts again after a pause. A session that ended signs this browser out.
 */
export function useLiveSubscription(subscription: TRPCSubscriptionResult<unknown, unknown>): void {
  const { status, error, reset } = subscription;
  useEffect(() => {
    if (status !== 'error') return;
    signOutWhenUnauthorized(error);
    const code = errorCode(error);
    if (code && FINAL.has(code)) return;
    const timer = setTimeout(reset, RESUBSCRIBE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [status, error, reset]);
}
