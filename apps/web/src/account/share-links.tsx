import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationTitle } from '../conversations/conversation-title.ts';
import { ConfirmedButton } from '../editing/confirmed-button.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { useInstantText } from './use-instant-text.ts';

/** The caller's share links (`conversations.shares`, newest first): what each shows, and Revoke. */
export function ShareLinks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const when = useInstantText();
  const shares = useQuery(trpc.conversations.shares.queryOptions());
  const revoke = useMutation(
    trpc.conversations.unshare.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.conversations.shares.queryFilter()),
    }),
  );
  const items = shares.data ?? [];
  return (
    <>
      <p className="muted">
        Each link shows a conversation as it was when you shared it, to anyone who has the link. Share from a
        conversation's Share button.
      </p>
      <ErrorAlert error={shares.error ?? revoke.error} />
      {shares.data && items.length === 0 && <p className="muted">No shared links.</p>}
      <ul className="token-list" aria-label="Shared links">
        {items.map((share) => (
          <li key={share.id} className="token">
            <a className="token-name" href={href.chat(share.conversationId)}>
              {conversationTitle(share)}
            </a>
            <span className="token-times muted">
              Shared {when(share.createdAt)} · {share.messageCount} {share.messageCount === 1 ? 'message' : 'messages'}
            </span>
            {/* Asked again first: whoever has the link loses it at once. */}
            <ConfirmedButton
              action="Revoke"
              label={`Revoke the link to ${conversationTitle(share)}, shared ${when(share.createdAt)}`}
              question={`Revoke this link to “${conversationTitle(share)}”? It shows nothing from now on.`}
              disabled={revoke.isPending}
              onConfirm={() => revoke.mutate({ shareId: share.id })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
