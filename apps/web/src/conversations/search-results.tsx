import { useInfiniteQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';
import { LoadMore } from './load-more.tsx';

/**
 * Conversations whose title or messages match, each with the best match's words highlighted; a
 * result opens its conversation at that message.
 */
export function SearchResults({ query, activeId }: { query: string; activeId: string | null }) {
  const trpc = useTRPC();
  const results = useInfiniteQuery(
    trpc.conversations.search.infiniteQueryOptions(
      { query, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: (previous) => previous },
    ),
  );
  const items = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-label="Search results" aria-busy={results.isFetching}>
      <ErrorAlert error={results.error} />
      {results.isSuccess && items.length === 0 && <p className="muted">No conversation matches.</p>}
      <ul className="conversation-list">
        {items.map((result) => (
          <li key={result.conversation.id}>
            <a
              className="conversation-link result"
              href={href.chat(result.conversation.id, result.messageId)}
              aria-current={result.conversation.id === activeId ? 'page' : undefined}
            >
              <span className="conversation-name">{conversationTitle(result.conversation)}</span>
              <span className="snippet">
                {result.snippet.map((part, index) =>
                  // Parts are plain text, in order: their index is their identity.
                  part.highlighted ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <LoadMore pages={results} label="More results" />
    </section>
  );
}
