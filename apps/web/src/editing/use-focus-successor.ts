import { type RefObject, useLayoutEffect } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled])';

/**
 * When a list item that holds the focus leaves the list (deleted, completed under "Open",
 * archived, restored), focus moves to the item after it (or before it), else to the first of
 * `fallbacks` on the page, instead of falling back to the page's start.
 */
export function useFocusSuccessor(item: RefObject<HTMLElement | null>, ...fallbacks: string[]): void {
  const selectors = fallbacks.join('\n');
  useLayoutEffect(() => {
    const element = item.current;
    return () => {
      // Layout-effect cleanup runs while the item is still in the document.
      if (!element?.contains(document.activeElement)) return;
      const successor = element.nextElementSibling ?? element.previousElementSibling;
      queueMicrotask(() => {
        // Something took the focus meanwhile (the same item, shown again elsewhere in the list).
        if (document.activeElement && document.activeElement !== document.body) return;
        const target = successor?.isConnected ? successor.querySelector<HTMLElement>(FOCUSABLE) : null;
        const fallback = selectors
          .split('\n')
          .map((selector) => document.querySelector<HTMLElement>(selector))
          .find(Boolean);
        (target ?? fallback)?.focus();
      });
    };
  }, [item, selectors]);
}
