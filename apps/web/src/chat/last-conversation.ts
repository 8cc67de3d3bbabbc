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
