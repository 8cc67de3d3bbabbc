import { useInfiniteQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { TaskTrash } from '../tasks/task-trash.tsx';
import { useTRPC } from '../trpc.ts';
import { LoadMore } from './load-more.tsx';
import { TrashItem } from './trash-item.tsx';
import { useConversationChanges } from './use-conversation-changes.ts';

/** Deleted conversations, newest deletion first, a page at a time; then deleted tasks. */
export function TrashScreen() {
  const trpc = useTRPC();
  useConversationChanges();
  const trash = useInfiniteQuery(
    trpc.conversations.trash.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = trash.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="page trash" aria-labelledby="trash-title">
      <h1 id="trash-title" tabIndex={-1}>
        Trash
      </h1>
      <p className="muted">
        Deleted conversations and tasks stay here for a while (30 days, unless the server is set otherwise), then they
        are gone for good.
      </p>
      <ErrorAlert error={trash.error} />
      {trash.isSuccess && items.length === 0 && <p className="muted">The trash is empty.</p>}
      <ul className="trash-list" aria-label="Deleted conversations">
        {items.map((conversation) => (
          <TrashItem key={conversation.id} conversation={conversation} />
        ))}
      </ul>
      <LoadMore pages={trash} label="Load more" />
      <TaskTrash />
    </main>
  );
}
