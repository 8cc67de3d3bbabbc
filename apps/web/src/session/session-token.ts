import { errorCode } from '@taskchat/client';
import { useSyncExternalStore } from 'react';

/**
 * The session token, kept in localStorage so a reload stays signed in; every tab shares it, and a
 * sign-out in one tab signs the others out (the `storage` event).
 */
const KEY = 'taskchat.session';
const listeners = new Set<() => void>();

export function readSessionToken(): string | null {
  return localStorage.getItem(KEY);
}

/** Signed out: nothing of the user stays in this browser (the session, the reminders shown, the choices made). */
function forgetEverything(): void {
  const keys = Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index));
  for (const key of keys) if (key?.startsWith('taskchat.')) localStorage.removeItem(key);
}

export function writeSessionToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else forgetEverything();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSessionToken(): string | null {
  return useSyncExternalStore(subscribe, readSessionToken);
}

/** A session that ended elsewhere (signed out, revoked, expired) shows the sign-in screen. */
export function signOutWhenUnauthorized(error: unknown): void {
  if (errorCode(error) === 'UNAUTHORIZED' && readSessionToken()) writeSessionToken(null);
}
