import type { MessageOutput } from '../messages/messages.data.ts';

const ROLE_NAMES = { user: 'You', assistant: 'Assistant' } as const;

/**
 * A branch of a conversation as Markdown: its title, then each user and assistant message under
 * its author and time. Message text is quoted as it is (Markdown readers render it; it was
 * written as chat, not as HTML). System messages are left out.
 */
export async function* conversationMarkdown(
  title: string | null,
  messages: AsyncIterable<MessageOutput>,
): AsyncGenerator<string> {
  yield `# ${title ?? 'Untitled conversation'}\n\n`;
  for await (const message of messages) {
    if (message.role === 'system') continue;
    yield `**${ROLE_NAMES[message.role]}** · ${message.createdAt.toISOString()}\n\n${message.content}\n\n`;
  }
}
