import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmedButton } from '../editing/confirmed-button.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { TOKEN_SCOPE_DESCRIPTIONS } from './token-scopes.ts';
import { useInstantText } from './use-instant-text.ts';

/**
 * The MCP clients the user allowed on the consent page (`oauth.grants.list`, newest first), each
 * with what it may do; Disconnect (`oauth.grants.revoke`) ends its access and refresh tokens at once.
 */
export function ConnectedApps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const when = useInstantText();
  const grants = useQuery(trpc.oauth.grants.list.queryOptions());
  const revoke = useMutation(
    trpc.oauth.grants.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.oauth.grants.pathFilter()),
    }),
  );
  const items = grants.data?.items ?? [];

  return (
    <>
      <p>
        An AI assistant or another MCP client can also connect by signing in with Taskchat (OAuth): you allow it here in
        the browser, and it gets only the access it asked for. Disconnect it when you no longer use it.
      </p>
      <ErrorAlert error={grants.error ?? revoke.error} />
      {grants.data && items.length === 0 && (
        <p className="muted">No connected apps yet. MCP clients that sign in with Taskchat (OAuth) show here.</p>
      )}
      <ul className="grant-list" aria-label="Connected apps">
        {items.map((grant) => (
          <li key={grant.id} className="grant">
            <span className="grant-name">{grant.clientName}</span>
            <span className="grant-scopes">
              {grant.scopes.map((scope) => TOKEN_SCOPE_DESCRIPTIONS[scope]).join(' · ')}
            </span>
            <span className="grant-times muted">Connected {when(grant.createdAt)}</span>
            <ConfirmedButton
              action="Disconnect"
              label={`Disconnect ${grant.clientName}, connected ${when(grant.createdAt)}`}
              question={`Disconnect “${grant.clientName}”? It loses its access at once, until you allow it again.`}
              disabled={revoke.isPending}
              onConfirm={() => revoke.mutate({ id: grant.id })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
