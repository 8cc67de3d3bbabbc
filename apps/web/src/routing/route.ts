import { useSyncExternalStore } from 'react';

/** The task lists the navigation offers: the fixed views, one project, one label. */
export type TaskView =
  | { kind: 'inbox' | 'today' | 'upcoming' | 'done' }
  | { kind: 'project'; projectId: string }
  | { kind: 'label'; label: string }
  /** Every task, done ones too: where a task linked from the chat is shown, highlighted. */
  | { kind: 'all' };

/** The screens, addressed by the URL's hash so any static host can serve the app and a reload keeps the place. */
export type Route =
  | { screen: 'account' }
  | { screen: 'tasks'; view: TaskView; taskId: string | null }
  /** A conversation (null: a new chat), opened at `messageId` when a search result links to one of its messages. */
  | { screen: 'chat'; conversationId: string | null; messageId: string | null }
  /** The chat where the reader left it: the home address and the top bar's Chat link (`chat/resume-chat.tsx`). */
  | { screen: 'resume' }
  | { screen: 'trash' }
  /** An MCP client's request for access, which the OAuth server sends the browser to (`oauth/consent-screen.tsx`). */
  | { screen: 'consent'; uid: string };

const FIXED_VIEWS = new Set(['inbox', 'today', 'upcoming', 'done']);

function parseTasks(parts: string[]): Route {
  const [first, second] = parts;
  if (!first) return { screen: 'tasks', view: { kind: 'inbox' }, taskId: null };
  if (FIXED_VIEWS.has(first)) {
    return { screen: 'tasks', view: { kind: first as 'inbox' | 'today' | 'upcoming' | 'done' }, taskId: null };
  }
  if (first === 'project' && second)
    return { screen: 'tasks', view: { kind: 'project', projectId: second }, taskId: null };
  if (first === 'label' && second) {
    return { screen: 'tasks', view: { kind: 'label', label: decodeURIComponent(second) }, taskId: null };
  }
  // `#/tasks/<id>`: one task, linked from the chat.
  return { screen: 'tasks', view: { kind: 'all' }, taskId: first };
}

/** What the Chat link's address says instead of a conversation's id (ids are UUIDs: never this). */
const LAST_CONVERSATION = 'last';

export function parseRoute(hash: string): Route {
  const [screen, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (!screen || (screen === 'chat' && rest[0] === LAST_CONVERSATION)) return { screen: 'resume' };
  if (screen === 'chat') return { screen: 'chat', conversationId: rest[0] || null, messageId: rest[1] || null };
  if (screen === 'trash') return { screen: 'trash' };
  if (screen === 'account') return { screen: 'account' };
  if (screen === 'oauth' && rest[0] === 'consent' && rest[1]) return { screen: 'consent', uid: rest[1] };
  return parseTasks(rest);
}

export const href = {
  tasks: (taskId?: string) => (taskId ? `#/tasks/${taskId}` : '#/tasks'),
  view: (view: TaskView) => {
    if (view.kind === 'project') return `#/tasks/project/${view.projectId}`;
    if (view.kind === 'label') return `#/tasks/label/${encodeURIComponent(view.label)}`;
    if (view.kind === 'all') return '#/tasks';
    return `#/tasks/${view.kind}`;
  },
  /** A new chat; a conversation; or a conversation opened at one of its messages. */
  chat: (conversationId?: string, messageId?: string | null) =>
    conversationId ? `#/chat/${conversationId}${messageId ? `/${messageId}` : ''}` : '#/chat',
  /** The conversation the reader had open last (or the newest one, or a new chat). */
  lastChat: () => `#/chat/${LAST_CONVERSATION}`,
  trash: () => '#/trash',
  account: () => '#/account',
  /** Where the OAuth server sends the browser to answer an MCP client (its interaction URL must be this). */
  consent: (uid: string) => `#/oauth/consent/${uid}`,
};

/** Whether two views are the same list (the navigation marks the current one). */
export function sameView(a: TaskView, b: TaskView): boolean {
  return href.view(a) === href.view(b);
}

/** Goes to `hash`; `replace` keeps the back button from returning to where we were (a conversation just created). */
export function navigate(hash: string, { replace = false } = {}): void {
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = hash;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
