/**
 * The conversation this browser had open last, for the Chat link and the landing after signing
 * in. A `taskchat.` key: signing out forgets it with everything else the app kept.
 */
const KEY = 'taskchat.last-conversation';

export function readLastConversation(): string | null {
  return localStorage.getItem(KEY);
}

export function rememberLastConversation(conversationId: string): void {
  localStorage.setItem(KEY, conversationId);
}

/** A conversation deleted for good is no place to go back to (asking for it would be a 404). */
export function forgetLastConversation(conversationId: string): void {
  if (readLastConversation() === conversationId) localStorage.removeItem(KEY);
}
