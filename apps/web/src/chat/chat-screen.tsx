import { useCallback } from 'react';
import { ConversationList } from '../conversations/conversation-list.tsx';
import { href, navigate, parseRoute } from '../routing/route.ts';
import { ChatView } from './chat-view.tsx';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { useChatTurn } from './use-chat-turn.ts';

/**
 * The chat: conversations beside the open one. The turn being sent lives here, above the open
 * conversation, so it goes on streaming when a first message names its new conversation.
 */
export function ChatScreen({ conversationId }: { conversationId: string | null }) {
  // Only a reader still on the new chat is taken to the conversation it started.
  const openConversation = useCallback((id: string) => {
    const route = parseRoute(location.hash);
    if (route.screen === 'chat' && route.conversationId === null) navigate(href.chat(id), { replace: true });
  }, []);
  const { turn, send } = useChatTurn(openConversation);
  const turnHere = turn && (turn.conversationId ?? turn.sentFrom) === conversationId ? turn : null;

  return (
    <main className="chat">
      <ConversationList activeId={conversationId} />
      <div className="chat-main">
        {conversationId ? (
          <ChatView key={conversationId} conversationId={conversationId} turn={turn} />
        ) : (
          <section className="chat-view" aria-labelledby="chat-title">
            <h1 id="chat-title">New chat</h1>
            <p className="muted">
              Ask the assistant to add, list, complete, rename or delete tasks: “add buy oat milk”, “what are my
              tasks?”, “done 1”.
            </p>
            <MessageList messages={[]} drafts={[]} sending={turnHere?.running ? turnHere.content : null} />
          </section>
        )}
        {turnHere?.error && (
          <div className="form-error turn-error" role="alert">
            <span>{turnHere.error}</span>
            {turnHere.retry && (
              <button type="button" onClick={turnHere.retry}>
                Try again
              </button>
            )}
          </div>
        )}
        <Composer disabled={turn?.running ?? false} onSend={(content) => send(conversationId, content)} />
      </div>
    </main>
  );
}
