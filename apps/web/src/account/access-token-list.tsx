import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef, useState } from 'react';
import { ConfirmPrompt } from '../editing/confirm-prompt.tsx';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { useTimeZone } from './use-time-zone.ts';

type AccessToken = RouterOutputs['auth']['tokens']['list']['items'][number];

/** The caller's unexpired tokens (`auth.tokens.list`, newest first), each with what it may do and when it ends. */
export function AccessTokenList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const revoke = useMutation(
    trpc.auth.tokens.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.auth.tokens.pathFilter()),
    }),
  );
  const when = (instant: Date) =>
    new Date(instant).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const items = tokens.data?.items ?? [];

  return (
    <>
      <ErrorAlert error={tokens.error ?? revoke.error} />
      {tokens.data && items.length === 0 && <p className="muted">No access tokens yet.</p>}
      <ul className="token-list" aria-label="Access tokens">
        {items.map((token) => (
          <li key={token.id} className="token">
            <span className="token-name">{token.name}</span>
            <span className="token-scope-names">
              {token.scopes.map((scope) => (
                <code key={scope}>{scope}</code>
              ))}
            </span>
            <span className="token-times muted">
              Created {when(token.createdAt)} ·{' '}
              {token.lastUsedAt ? `last used ${when(token.lastUsedAt)}` : 'never used'} ·{' '}
              {token.expiresAt ? `expires ${when(token.expiresAt)}` : 'never expires'}
            </span>
            <RevokeButton
              token={token}
              label={`Revoke ${token.name}, created ${when(token.createdAt)}`}
              pending={revoke.isPending}
              onRevoke={() => revoke.mutate({ id: token.id })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Revoke, asked again inline first: nothing brings a token back, and whatever uses it stops at once. */
function RevokeButton(props: { token: AccessToken; label: string; pending: boolean; onRevoke: () => void }) {
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useReturnFocus(asking, button);
  if (asking) {
    return (
      <ConfirmPrompt
        question={`Revoke “${props.token.name}”? Whatever uses it stops working at once.`}
        confirm="Revoke"
        onConfirm={props.onRevoke}
        onCancel={() => setAsking(false)}
      />
    );
  }
  return (
    <button
      ref={button}
      type="button"
      aria-label={props.label}
      disabled={props.pending}
      onClick={() => setAsking(true)}
    >
      Revoke
    </button>
  );
}
