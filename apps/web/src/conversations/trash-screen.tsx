import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';
import { LoadMore } from './load-more.tsx';
import { useConversationChanges } from './use-conversation-changes.ts';

/** Deleted conversations: restore one, or delete it for good (after a second press). */
export function TrashScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  useConversationChanges();
  const trash = useInfiniteQuery(
    trpc.conversations.trash.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const options = { onSuccess: () => queryClient.invalidateQueries(trpc.conversations.pathFilter()) };
  const restore = useMutation(trpc.conversations.restore.mutationOptions(options));
  const purge = useMutation(trpc.conversations.purge.mutationOptions(options));
  const items = trash.data?.pages.flatMap((page) => page.items) ?? [];
  const error = trash.error ?? restore.error ?? purge.error;

  return (
    <main className="page trash" aria-labelledby="trash-title">
      <h1 id="trash-title">Trash</h1>
      <p className="muted">Deleted conversations stay here for 30 days, then they are gone for good.</p>
      <ErrorAlert error={error} />
      {trash.isSuccess && items.length === 0 && <p className="muted">The trash is empty.</p>}
      <ul className="trash-list" aria-label="Deleted conversations">
        {items.map((conversation) => {
          const name = conversationTitle(conversation);
          return (
            <li key={conversation.id}>
              <span className="conversation-name">{name}</span>
              <button type="button" onClick={() => restore.mutate({ id: conversation.id })}>
                Restore
              </button>
              {confirming === conversation.id ? (
                <button type="button" className="danger" onClick={() => purge.mutate({ id: conversation.id })}>
                  Delete “{name}” forever?
                </button>
              ) : (
                <button type="button" className="danger" onClick={() => setConfirming(conversation.id)}>
                  Delete forever
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore
        hasMore={trash.hasNextPage}
        loading={trash.isFetchingNextPage}
        onLoad={trash.fetchNextPage}
        label="Load more"
      />
    </main>
  );
}
