/** What a conversation is called in lists and headings before it has a title. */
export const conversationTitle = (conversation: { title: string | null }) => conversation.title ?? 'New conversation';
