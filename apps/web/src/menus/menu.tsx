import {
  autoUpdate,
  FloatingFocusManager,
  FloatingPortal,
  flip,
  hide,
  offset,
  shift,
  size,
  useClick,
  useDismiss,
  useFloating,
  useInteractions,
  useListNavigation,
  useMergeRefs,
  useRole,
  useTypeahead,
} from '@floating-ui/react';
import { type RefObject, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Deletes something: shown in the danger colour. */
  danger?: boolean;
}

interface MenuProps {
  /** The button's accessible name, the menu's too: "Actions for Groceries". */
  label: string;
  items: MenuItem[];
  /** The "⋯" button, for the owner to give it the focus back (when a form an item opened closes). */
  buttonRef?: RefObject<HTMLButtonElement | null>;
}

/** How close to the window's edges the menu may come, in px. */
const EDGE = 8;

/**
 * A "⋯" button whose items open in a popover laid over the page (a portal), placed by Floating UI
 * so it is never clipped by a scrolling list or the window: below the button, or above it when
 * there is no room, shifted along the edge, and scrolling itself when taller than the space.
 * Arrow keys and typed letters move between the items; Escape closes it and the focus is back on
 * the button, as it is after choosing an item (so an item leaving its list takes the focus on).
 */
export function Menu({ label, items, buttonRef }: MenuProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  const elements = useRef<(HTMLElement | null)[]>([]);
  const labels = useRef<string[]>([]);
  labels.current = items.map((item) => item.label);

  const { refs, floatingStyles, context, middlewareData } = useFloating({
    open,
    onOpenChange: (next, _event, reason) => {
      setOpen(next);
      if (reason === 'escape-key') button.current?.focus();
    },
    placement: 'bottom-end',
    whileElementsMounted: autoUpdate,
    middleware: [
      offset(4),
      flip({ padding: EDGE }),
      shift({ padding: EDGE }),
      size({
        padding: EDGE,
        apply({ availableHeight, availableWidth, elements }) {
          elements.floating.style.maxHeight = `${Math.max(0, availableHeight)}px`;
          elements.floating.style.maxWidth = `${Math.max(0, availableWidth)}px`;
        },
      }),
      // The button scrolled out of its list: the menu does not float on without it.
      hide(),
    ],
  });
  const { getReferenceProps, getFloatingProps, getItemProps } = useInteractions([
    useClick(context),
    useDismiss(context),
    useRole(context, { role: 'menu' }),
    useListNavigation(context, { listRef: elements, activeIndex, onNavigate: setActiveIndex, loop: true }),
    useTypeahead(context, { listRef: labels, activeIndex, onMatch: open ? setActiveIndex : undefined }),
  ]);

  const setButton = useMergeRefs([refs.setReference, button, buttonRef]);

  function choose(item: MenuItem) {
    button.current?.focus();
    setOpen(false);
    item.onSelect();
  }

  return (
    <>
      <button ref={setButton} type="button" className="menu-button" aria-label={label} {...getReferenceProps()}>
        ⋯
      </button>
      {open && (
        <FloatingPortal>
          {/* Focus goes back by hand (above): an item that opens a field keeps the focus there. */}
          <FloatingFocusManager context={context} modal={false} returnFocus={false}>
            <div
              ref={refs.setFloating}
              className="menu"
              style={{ ...floatingStyles, visibility: middlewareData.hide?.referenceHidden ? 'hidden' : 'visible' }}
              {...getFloatingProps()}
            >
              {items.map((item, index) => (
                <button
                  key={item.label}
                  ref={(element) => {
                    elements.current[index] = element;
                  }}
                  type="button"
                  role="menuitem"
                  className={item.danger ? 'danger' : undefined}
                  {...getItemProps({ onClick: () => choose(item) })}
                >
                  {item.label}
                </button>
              ))}
            </div>
          </FloatingFocusManager>
        </FloatingPortal>
      )}
    </>
  );
}
