import { useQuery } from '@tanstack/react-query';
import { errorCode } from '@taskchat/client';
import { useEffect } from 'react';
import { conversationTitle } from '../conversations/conversation-title.ts';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { ConversationMessages } from './conversation-messages.tsx';
import { ConversationState } from './conversation-state.tsx';
import { rememberLastConversation } from './last-conversation.ts';
import { ShareDialog } from './share-dialog.tsx';
import type { Turn, TurnStart } from './use-chat-turn.ts';

/**
 * An open conversation: its title, whether it is archived or in the trash (opened by a link, or
 * deleted meanwhile in another tab), and its messages (none to read while it is in the trash).
 */
export function ChatView({
  conversationId,
  messageId,
  turn,
  onExample,
  onTurn,
}: {
  conversationId: string;
  /** The message to open at (a search result's); null opens at the end. */
  messageId: string | null;
  turn: Turn | null;
  /** Sends an example from the empty conversation's introduction. */
  onExample: (content: string) => void;
  /** Starts a turn in this conversation: an edit, or an answer regenerated. */
  onTurn: (start: TurnStart) => void;
}) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversations.get.queryOptions({ id: conversationId, includeTrashed: true }));
  const { data, refetch } = conversation;
  const trashed = data?.trashedAt != null;
  // The Chat link comes back here.
  useEffect(() => {
    if (data && data.trashedAt === null) rememberLastConversation(data.id);
  }, [data]);

  if (errorCode(conversation.error) === 'NOT_FOUND') {
    return (
      <section className="chat-view empty">
        <p role="alert">This conversation was deleted, or never existed.</p>
        <a className="button" href={href.chat()}>
          Start a new chat
        </a>
      </section>
    );
  }
  return (
    <section className="chat-view" aria-labelledby="chat-title">
      <header className="chat-header">
        <h1 id="chat-title">{data ? conversationTitle(data) : 'Conversation'}</h1>
        {data && !trashed && data.leafId !== null && <ShareDialog conversationId={conversationId} />}
      </header>
      {trashed ? (
        <ConversationState conversationId={conversationId} place="trashed" />
      ) : (
        <>
          {data?.archived && <ConversationState conversationId={conversationId} place="archived" />}
          <ConversationMessages
            conversationId={conversationId}
            messageId={messageId}
            turn={turn}
            onExample={onExample}
            onTurn={onTurn}
            onDeleted={refetch}
          />
        </>
      )}
    </section>
  );
}
