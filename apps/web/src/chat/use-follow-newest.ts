import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How close to the end (px) still counts as reading the newest message. */
const AT_END = 24;

/** Where the reader is: the first message in view and its distance from the top of the list's box. */
interface Anchor {
  element: Element;
  top: number;
}

export interface FollowNewest {
  /** The scrolling box and the list of messages in it. */
  scroller: RefObject<HTMLDivElement | null>;
  content: RefObject<HTMLOListElement | null>;
  /** The list is kept at its newest message; false once the reader scrolled up (or was taken to an older one). */
  following: boolean;
  onScroll: () => void;
  /** Back to the newest message, following again. */
  jumpToLatest: () => void;
  /** Shows an older message in the middle of the box and stops following (a search result's message). */
  reveal: (element: Element) => void;
}

/** The first child of `content` whose bottom is below the top of `box` (children are in order, top to bottom). */
function firstInView(content: Element, box: DOMRect): Element | null {
  const items = content.children;
  let [low, high, found] = [0, items.length - 1, null as Element | null];
  while (low <= high) {
    const middle = (low + high) >> 1;
    const item = items[middle] as Element;
    if (item.getBoundingClientRect().bottom > box.top) {
      found = item;
      high = middle - 1;
    } else low = middle + 1;
  }
  return found;
}

/**
 * Keeps a message list where the reader wants it. While they are at the end it follows the newest
 * message as answers stream in; once they scroll up it stops, and whatever changes (older pages
 * loaded above, an answer growing below, the box resized) keeps the first message in view at the
 * same place on screen. The browser's own scroll anchoring is off for the list (`overflow-anchor:
 * none`): it does nothing at the very top, which is where older pages load.
 */
export function useFollowNewest(): FollowNewest {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLOListElement>(null);
  const [following, setFollowing] = useState(true);
  // Read and written by scroll and resize handlers, between renders.
  const state = useRef({ following: true, scrolledTo: 0, anchor: null as Anchor | null });

  const rememberAnchor = useCallback(() => {
    const box = scroller.current;
    const list = content.current;
    if (!box || !list) return;
    const boxRect = box.getBoundingClientRect();
    const element = firstInView(list, boxRect);
    state.current.anchor = element && { element, top: element.getBoundingClientRect().top - boxRect.top };
  }, []);

  const toEnd = useCallback(() => {
    const box = scroller.current;
    if (!box) return;
    box.scrollTop = box.scrollHeight;
    state.current.scrolledTo = box.scrollTop;
  }, []);

  /** After anything changed: at the end when following, else the remembered message back where it was. */
  const settle = useCallback(() => {
    const box = scroller.current;
    if (!box) return;
    const { anchor } = state.current;
    if (state.current.following) toEnd();
    else if (anchor?.element.isConnected) {
      const moved = anchor.element.getBoundingClientRect().top - box.getBoundingClientRect().top - anchor.top;
      if (Math.abs(moved) >= 1) box.scrollTop += moved;
    }
    rememberAnchor();
  }, [toEnd, rememberAnchor]);

  const setFollow = useCallback((value: boolean) => {
    state.current.following = value;
    setFollowing(value);
  }, []);

  // After every render of the list (a page loaded, a message added, a draft grown)…
  useLayoutEffect(settle);
  // …and whenever a size changes without one (a message's own update, the window, the composer).
  useEffect(() => {
    const observer = new ResizeObserver(settle);
    for (const element of [scroller.current, content.current]) if (element) observer.observe(element);
    return () => observer.disconnect();
  }, [settle]);

  const onScroll = useCallback(() => {
    const box = scroller.current;
    if (!box) return;
    const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < AT_END;
    // Only the reader scrolls up from where the list was put: that stops the follow.
    setFollow(atEnd || (state.current.following && box.scrollTop >= state.current.scrolledTo - 1));
    rememberAnchor();
  }, [setFollow, rememberAnchor]);

  const jumpToLatest = useCallback(() => {
    setFollow(true);
    toEnd();
    rememberAnchor();
  }, [setFollow, toEnd, rememberAnchor]);

  const reveal = useCallback(
    (element: Element) => {
      setFollow(false);
      element.scrollIntoView({ block: 'center' });
      rememberAnchor();
    },
    [setFollow, rememberAnchor],
  );

  return { scroller, content, following, onScroll, jumpToLatest, reveal };
}
