import { useInfiniteQuery } from '@tanstack/react-query';
import { errorCode } from '@taskchat/client';
import { useEffect } from 'react';
import { MarkdownText } from '../chat/markdown-text.tsx';
import { LoadMore } from '../conversations/load-more.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

/** The share token of a `/share/<token>` address (the server serves the app there); null elsewhere. */
export function sharedTokenOf(pathname: string): string | null {
  return /^\/share\/([A-Za-z0-9_-]{43})$/.exec(pathname)?.[1] ?? null;
}

/**
 * A shared conversation, read-only and for anyone with the link (no sign-in): the branch as it
 * was shared, newest messages first loaded, older ones on demand, and the same as Markdown.
 */
export function SharedConversation({ token }: { token: string }) {
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.conversations.shared.infiniteQueryOptions(
      { token, limit: 100 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const first = pages.data?.pages[0];
  // Not for search engines (the server says so too, in X-Robots-Tag).
  useEffect(() => {
    const robots = document.createElement('meta');
    robots.name = 'robots';
    robots.content = 'noindex, nofollow';
    document.head.append(robots);
    return () => robots.remove();
  }, []);
  useEffect(() => {
    if (first) document.title = `${first.title ?? 'Shared conversation'} · Taskchat`;
  }, [first]);
  const messages = [...(pages.data?.pages ?? [])].reverse().flatMap((page) => page.messages);
  if (errorCode(pages.error) === 'NOT_FOUND') {
    return (
      <main className="page shared">
        <h1>Nothing here</h1>
        <p role="alert">This link was revoked, or never existed.</p>
      </main>
    );
  }
  return (
    <main className="page shared" aria-labelledby="shared-title">
      <h1 id="shared-title">{first?.title ?? 'Shared conversation'}</h1>
      {first && (
        <p className="muted">
          Shared {first.sharedAt.toLocaleString()} · {first.messageCount}{' '}
          {first.messageCount === 1 ? 'message' : 'messages'} · read-only ·{' '}
          <a href={`${location.pathname}.md`}>Markdown</a>
        </p>
      )}
      <ErrorAlert error={pages.error} />
      <LoadMore pages={pages} label="Load earlier messages" />
      <ol className="shared-messages" aria-label="Messages">
        {messages.map((message, index) => (
          // A snapshot never changes: a message's place is its identity.
          <li key={`${index}-${message.createdAt.getTime()}`} className={`message ${message.role}`}>
            <span className="visually-hidden">{message.role === 'user' ? 'You:' : 'Assistant:'}</span>
            {message.role === 'assistant' ? (
              <MarkdownText text={message.content} />
            ) : (
              <p className="text">{message.content}</p>
            )}
          </li>
        ))}
      </ol>
    </main>
  );
}
