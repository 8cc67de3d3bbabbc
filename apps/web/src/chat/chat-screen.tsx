import { useCallback, useRef, useState } from 'react';
import { ConversationList } from '../conversations/conversation-list.tsx';
import { href, navigate, parseRoute } from '../routing/route.ts';
import { AssistantLine } from './assistant-line.tsx';
import { ChatIntro } from './chat-intro.tsx';
import { ChatView } from './chat-view.tsx';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { useChatTurn } from './use-chat-turn.ts';

/**
 * The chat: conversations beside the open one (behind a "Conversations" button below 700 px), the
 * screen's height and no more: the messages scroll, the composer stays at the bottom. The turn
 * being sent lives here, above the open conversation, so it goes on streaming when a first message
 * names its new conversation.
 */
export function ChatScreen({ conversationId, messageId }: { conversationId: string | null; messageId: string | null }) {
  // Only a reader still on the new chat is taken to the conversation it started.
  const openConversation = useCallback((id: string) => {
    const route = parseRoute(location.hash);
    if (route.screen === 'chat' && route.conversationId === null) navigate(href.chat(id), { replace: true });
  }, []);
  const { turn, send } = useChatTurn(openConversation);
  const turnHere = turn && (turn.conversationId ?? turn.sentFrom) === conversationId ? turn : null;
  const sendHere = (content: string) => send(conversationId, { kind: 'send', content });
  const composer = useRef<HTMLTextAreaElement>(null);
  // An example leaves the screen as it sends: focus goes where the next message is written.
  const sendExample = (content: string) => {
    void sendHere(content);
    composer.current?.focus();
  };
  // On a phone the list opens for the conversation on screen: choosing another one folds it away.
  const [listOpenAt, setListOpenAt] = useState<{ conversationId: string | null } | null>(null);
  const listOpen = listOpenAt?.conversationId === conversationId;

  return (
    <main className="chat">
      <button
        type="button"
        className="conversations-toggle"
        aria-expanded={listOpen}
        aria-controls="conversation-drawer"
        onClick={() => setListOpenAt(listOpen ? null : { conversationId })}
      >
        {listOpen ? 'Hide conversations' : 'Conversations'}
      </button>
      <div id="conversation-drawer" className={`conversation-drawer${listOpen ? ' open' : ''}`}>
        <ConversationList activeId={conversationId} />
      </div>
      <div className="chat-main">
        {conversationId ? (
          <ChatView
            key={conversationId}
            conversationId={conversationId}
            messageId={messageId}
            turn={turn}
            onExample={sendExample}
            onTurn={(start) => void send(conversationId, start)}
          />
        ) : (
          <section className="chat-view" aria-labelledby="chat-title">
            <h1 id="chat-title">New chat</h1>
            {turnHere?.running ? (
              <MessageList messages={[]} drafts={[]} sending={turnHere.content} />
            ) : (
              <ChatIntro disabled={turn?.running ?? false} onSend={sendExample} />
            )}
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
        <Composer ref={composer} disabled={turn?.running ?? false} onSend={sendHere} />
        <AssistantLine />
      </div>
    </main>
  );
}
