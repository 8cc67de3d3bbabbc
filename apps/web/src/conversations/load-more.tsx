import { useEffect, useRef } from 'react';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => unknown;
  /** The last page failed to load: no more loading by itself (the button retries). */
  failed: boolean;
  label: string;
}

/**
 * The end of a keyset-paged list: the next page loads when this comes into view (infinite
 * scrolling), or when its button is pressed (keyboard and screen-reader users).
 */
export function LoadMore({ hasMore, loading, onLoad, failed, label }: LoadMoreProps) {
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
    <button ref={button} type="button" className="load-more" onClick={onLoad} disabled={loading}>
      {loading ? 'Loading…' : label}
    </button>
  );
}
