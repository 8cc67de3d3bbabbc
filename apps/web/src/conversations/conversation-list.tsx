import { useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { ConversationItem } from './conversation-item.tsx';
import { LoadMore } from './load-more.tsx';
import { SearchResults } from './search-results.tsx';
import { useConversationChanges } from './use-conversation-changes.ts';

/** The conversations beside the chat: pinned first, then by activity; archived ones on their own tab; search. */
export function ConversationList({ activeId }: { activeId: string | null }) {
  const trpc = useTRPC();
  const searchId = useId();
  const [archived, setArchived] = useState(false);
  const [query, setQuery] = useState('');
  // Typing stays responsive: the search follows the text when React has time.
  const searched = useDeferredValue(query.trim());
  useConversationChanges();
  const conversations = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(
      { archived, limit: 30 },
      { getNextPageParam: (page) => page.nextCursor, enabled: !searched },
    ),
  );
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <nav className="conversations" aria-label="Conversations">
      <a className="button primary new-chat" href={href.chat()}>
        New chat
      </a>
      <label htmlFor={searchId} className="visually-hidden">
        Search conversations
      </label>
      <input
        id={searchId}
        type="search"
        placeholder="Search conversations"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        maxLength={200}
      />
      {searched ? (
        <SearchResults query={searched} activeId={activeId} />
      ) : (
        <>
          <fieldset className="tabs">
            <legend className="visually-hidden">Which conversations</legend>
            <button type="button" aria-pressed={!archived} onClick={() => setArchived(false)}>
              Chats
            </button>
            <button type="button" aria-pressed={archived} onClick={() => setArchived(true)}>
              Archived
            </button>
          </fieldset>
          <ErrorAlert error={conversations.error} />
          {conversations.isSuccess && items.length === 0 && (
            <p className="muted">{archived ? 'Nothing archived.' : 'No conversations yet.'}</p>
          )}
          <ul className="conversation-list">
            {items.map((conversation) => (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                active={conversation.id === activeId}
              />
            ))}
          </ul>
          <LoadMore pages={conversations} label="Load more conversations" />
        </>
      )}
    </nav>
  );
}
