import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { LoadMore } from '../conversations/load-more.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { useInstantText } from './use-instant-text.ts';

const ended = (count: number) => (count === 1 ? '1 other session ended.' : `${count} other sessions ended.`);

/**
 * Where the account is signed in (`auth.sessions`, newest sign-in first): each by its device
 * ("Chrome on Linux", from the user agent it signed in with) and address, this device marked;
 * each other one can be ended, or all of them at once.
 */
export function SessionList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useInfiniteQuery(
    trpc.auth.sessions.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const refresh = { onSuccess: () => queryClient.invalidateQueries(trpc.auth.sessions.pathFilter()) };
  const revoke = useMutation(trpc.auth.revokeSession.mutationOptions(refresh));
  const signOutOthers = useMutation(trpc.auth.signOutOthers.mutationOptions(refresh));
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  // To the second, in the profile's zone: two sign-ins of one minute stay apart.
  const when = useInstantText('medium');

  return (
    <>
      <ErrorAlert error={sessions.error ?? revoke.error ?? signOutOthers.error} />
      <ul className="session-list" aria-label="Sessions">
        {items.map((session) => {
          const device = session.device ?? 'Unknown device';
          return (
            <li key={session.id} className={session.current ? 'session current' : 'session'}>
              <span className="session-name">{device}</span>
              {session.current && <span className="session-this">This device</span>}
              <span className="session-times muted">
                Signed in {when(session.createdAt)}
                {session.address && ` from ${session.address}`} · last used {when(session.lastSeenAt)} · expires{' '}
                {when(session.expiresAt)}
              </span>
              {!session.current && (
                <button
                  type="button"
                  aria-label={`Revoke ${device}, signed in ${when(session.createdAt)}`}
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ id: session.id })}
                >
                  Revoke
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore pages={sessions} label="Load more sessions" />
      <div className="form-actions">
        <button
          type="button"
          disabled={signOutOthers.isPending || items.every((session) => session.current)}
          onClick={() => signOutOthers.mutate()}
        >
          Sign out everywhere else
        </button>
        <span role="status">{signOutOthers.data ? ended(signOutOthers.data.revokedSessions) : ''}</span>
      </div>
    </>
  );
}
