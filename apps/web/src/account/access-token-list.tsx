import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmedButton } from '../editing/confirmed-button.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { useInstantText } from './use-instant-text.ts';

/** The caller's unexpired tokens (`auth.tokens.list`, newest first), each with what it may do and when it ends. */
export function AccessTokenList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const when = useInstantText();
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const revoke = useMutation(
    trpc.auth.tokens.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.auth.tokens.pathFilter()),
    }),
  );
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
            {/* Asked again first: nothing brings a token back, and whatever uses it stops at once. */}
            <ConfirmedButton
              action="Revoke"
              label={`Revoke ${token.name}, created ${when(token.createdAt)}`}
              question={`Revoke “${token.name}”? Whatever uses it stops working at once.`}
              disabled={revoke.isPending}
              onConfirm={() => revoke.mutate({ id: token.id })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
