/** A conversation's history as the chat reads it (`messages.list`, newest pages first): one key for reading and refreshing it. */
export const historyInput = (conversationId: string) => ({ conversationId, limit: 50 });
