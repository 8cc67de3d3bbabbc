import { useMutation, useQuery } from '@tanstack/react-query';
import { errorCode } from '@taskchat/client';
import type { ReactNode } from 'react';
import { TOKEN_SCOPE_DESCRIPTIONS } from '../account/token-scopes.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

/** What a request the server no longer has in progress for this browser means, and what to do. */
const GONE =
  'This request has expired, was already answered, or was started in another browser. Start again from your app.';

/** The heading until the request is known (and when it is gone). */
const UNKNOWN_TITLE = 'Connect an app';

/**
 * `#/oauth/consent/<uid>`: an MCP client asks for access to the signed-in account. It shows who asks
 * (the name it gave itself), for which account, what it may do and where the browser goes back to;
 * Allow or Deny answers it (`oauth.consent.decide`) and the browser follows the server's redirect,
 * which takes the client its code or the refusal.
 */
export function ConsentScreen({ uid }: { uid: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Asked once: after this page the request is answered or gone, so a refetch could only say it is gone.
  const request = useQuery(trpc.oauth.consent.get.queryOptions({ uid }, { staleTime: Infinity }));
  const decide = useMutation(
    trpc.oauth.consent.decide.mutationOptions({ onSuccess: ({ redirectTo }) => window.location.assign(redirectTo) }),
  );
  // Still disabled once answered: the browser is on its way to the redirect.
  const deciding = decide.isPending || decide.isSuccess;

  if (errorCode(request.error) === 'NOT_FOUND' || errorCode(decide.error) === 'NOT_FOUND') {
    return (
      <ConsentFrame title={UNKNOWN_TITLE}>
        <p role="alert">{GONE}</p>
      </ConsentFrame>
    );
  }
  if (!request.data) {
    return (
      <ConsentFrame title={UNKNOWN_TITLE}>
        {request.error ? <ErrorAlert error={request.error} /> : <p className="muted">Loading the request…</p>}
      </ConsentFrame>
    );
  }
  const { clientName, scopes, redirectHost } = request.data;
  return (
    <ConsentFrame title={`${clientName} wants to use your Taskchat account`}>
      <p className="muted">
        “{clientName}” is the name the app gave itself: Taskchat has not verified it. Allow only an app you have just
        asked to connect.
      </p>
      <p>
        Signed in as <strong>{me.data?.email}</strong>
      </p>
      <h2 id="consent-scopes">It will be able to</h2>
      <ul className="consent-scopes" aria-labelledby="consent-scopes">
        {scopes.map((scope) => (
          <li key={scope}>{TOKEN_SCOPE_DESCRIPTIONS[scope]}</li>
        ))}
      </ul>
      <p>
        Then you go back to <strong>{redirectHost}</strong>. You can disconnect it at any time under Account, Connected
        apps.
      </p>
      <ErrorAlert error={decide.error} />
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={deciding}
          onClick={() => decide.mutate({ uid, allow: true })}
        >
          Allow
        </button>
        <button type="button" disabled={deciding} onClick={() => decide.mutate({ uid, allow: false })}>
          Deny
        </button>
      </div>
    </ConsentFrame>
  );
}

/** The screen's card, under its heading, whatever state the request is in. */
function ConsentFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="page consent" aria-labelledby="consent-title">
      <div className="card">
        <h1 id="consent-title">{title}</h1>
        {children}
      </div>
    </main>
  );
}
