import { useSyncExternalStore } from 'react';

/** The screens, addressed by the URL's hash so any static host can serve the app and a reload keeps the place. */
export type Route =
  | { screen: 'tasks'; taskId: string | null }
  | { screen: 'chat'; conversationId: string | null }
  | { screen: 'trash' };

export function parseRoute(hash: string): Route {
  const [screen, id] = hash.replace(/^#\/?/, '').split('/');
  if (screen === 'chat') return { screen: 'chat', conversationId: id || null };
  if (screen === 'trash') return { screen: 'trash' };
  return { screen: 'tasks', taskId: id || null };
}

export const href = {
  tasks: (taskId?: string) => (taskId ? `#/tasks/${taskId}` : '#/tasks'),
  chat: (conversationId?: string) => (conversationId ? `#/chat/${conversationId}` : '#/chat'),
  trash: () => '#/trash',
};

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
