import { useEffect, useRef } from 'react';

/** What a keyset-paged list's query says about its next page. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The end of a keyset-paged list: the next page loads when this comes into view (infinite
 * scrolling), or when its button is pressed (keyboard and screen-reader users).
 */
export function LoadMore({ pages, label }: { pages: PagedQuery; label: string }) {
  const { hasNextPage: hasMore, isFetchingNextPage: loading, fetchNextPage: onLoad } = pages;
  // After a failed page it loads no more by itself (the button retries).
  const failed = pages.isFetchNextPageError;
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const target = button.current;
    if (!target || !hasMore || loading || failed) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoad();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loading, failed, onLoad]);
  if (!hasMore) return null;
  return (
    <button ref={button} type="button" className="load-more" onClick={() => onLoad()} disabled={loading}>
      {loading ? 'Loading…' : label}
    </button>
  );
}
