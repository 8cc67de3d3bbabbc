import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

export interface Notice {
  id: string;
  text: string;
  /** A link the notice offers (a reminded task). */
  link?: { label: string; href: string } | undefined;
  /** What "Undo" does; the notice closes when it is pressed. */
  undo?: (() => void) | undefined;
  /** Milliseconds before it goes by itself; null: until dismissed (reminders). */
  duration: number | null;
  kind: 'undo' | 'reminder' | 'info';
}

interface Notices {
  notices: Notice[];
  show: (notice: Omit<Notice, 'id'> & { id?: string }) => void;
  dismiss: (id: string) => void;
}

const NoticesContext = createContext<Notices | null>(null);

let counter = 0;

/** Toasts for the whole signed-in app: undo after complete/delete, reminders that came due. */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback(
    (id: string) => setNotices((current) => current.filter((notice) => notice.id !== id)),
    [],
  );
  const show = useCallback((notice: Omit<Notice, 'id'> & { id?: string }) => {
    const id = notice.id ?? `notice-${++counter}`;
    // A newer undo replaces an older one (one undo at a time); the same id is shown once.
    setNotices((current) => [
      ...current.filter((other) => other.id !== id && !(notice.kind === 'undo' && other.kind === 'undo')),
      { ...notice, id },
    ]);
  }, []);
  // Ctrl+Z (⌘Z) outside a text field undoes the latest action that offers it, from anywhere.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z' || event.shiftKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      const latest = notices.findLast((notice) => notice.undo);
      if (!latest) return;
      event.preventDefault();
      dismiss(latest.id);
      latest.undo?.();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [notices, dismiss]);
  const value = useMemo(() => ({ notices, show, dismiss }), [notices, show, dismiss]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

export function useNotices(): Notices {
  const notices = useContext(NoticesContext);
  if (!notices) throw new Error('useNotices outside NoticesProvider');
  return notices;
}

function NoticeView({ notice, dismiss }: { notice: Notice; dismiss: (id: string) => void }) {
  const [paused, setPaused] = useState(false);
  const element = useRef<HTMLLIElement>(null);
  // The time runs only while the notice is neither hovered nor focused: a keyboard user who
  // tabbed to "Undo" is not raced.
  useEffect(() => {
    if (notice.duration === null || paused) return;
    const timer = setTimeout(() => dismiss(notice.id), notice.duration);
    return () => clearTimeout(timer);
  }, [notice.duration, notice.id, paused, dismiss]);
  return (
    <li
      ref={element}
      className={`notice ${notice.kind}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!element.current?.contains(event.relatedTarget as Node | null)) setPaused(false);
      }}
    >
      <span className="notice-text">{notice.text}</span>
      {notice.link && (
        <a href={notice.link.href} onClick={() => dismiss(notice.id)}>
          {notice.link.label}
        </a>
      )}
      {notice.undo && (
        <button
          type="button"
          aria-keyshortcuts="Control+Z Meta+Z"
          onClick={() => {
            dismiss(notice.id);
            notice.undo?.();
          }}
        >
          Undo
        </button>
      )}
      <button type="button" className="link" onClick={() => dismiss(notice.id)} aria-label={`Dismiss: ${notice.text}`}>
        Dismiss
      </button>
    </li>
  );
}

/** Where the notices show: a polite live region at the bottom of the screen, reachable with Tab. */
export function NoticeRegion() {
  const { notices, dismiss } = useNotices();
  return (
    <section className="notices" role="status" aria-label="Notifications">
      <ul>
        {notices.map((notice) => (
          <NoticeView key={notice.id} notice={notice} dismiss={dismiss} />
        ))}
      </ul>
    </section>
  );
}
