import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { errorCode } from '@taskchat/client';
import { useRef } from 'react';
import { conversationTitle } from '../conversations/conversation-title.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { ChatIntro } from './chat-intro.tsx';
import { historyInput } from './history-input.ts';
import { MessageList } from './message-list.tsx';
import type { Message, Turn } from './use-chat-turn.ts';
import { useConversationStream } from './use-conversation-stream.ts';
import { useTurnEffects } from './use-turn-effects.ts';

/** Messages in the order they were written, each once, from every source that has some. */
function mergeMessages(...sources: Message[][]): Message[] {
  const byId = new Map<string, Message>();
  for (const message of sources.flat()) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** An open conversation: its history (older pages on demand), live messages, and the answer being written. */
export function ChatView({
  conversationId,
  turn,
  onExample,
}: {
  conversationId: string;
  turn: Turn | null;
  /** Sends an example from the empty conversation's introduction. */
  onExample: (content: string) => void;
}) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversations.get.queryOptions({ id: conversationId }));
  const history = useInfiniteQuery(
    trpc.messages.list.infiniteQueryOptions(historyInput(conversationId), {
      getNextPageParam: (page) => page.nextCursor,
    }),
  );
  const stream = useConversationStream(conversationId);
  const ownTurn = turn?.conversationId === conversationId ? turn : null;

  // A turn this tab sends streams here through chat.send; the copy the subscription also brings
  // is not shown twice, unless chat.send's connection failed (then the subscription has the rest).
  const ownTurnIds = useRef(new Set<string>());
  if (ownTurn?.running) for (const turnId of stream.drafts.keys()) ownTurnIds.current.add(turnId);
  const ownTurnLost = ownTurn?.retry != null;
  const otherDrafts = [...stream.drafts].filter(([turnId]) => ownTurnLost || !ownTurnIds.current.has(turnId));

  const listed = [...(history.data?.pages ?? [])].reverse().flatMap((page) => page.items);
  const messages = mergeMessages(listed, stream.messages, ownTurn?.messages ?? []);
  const drafts = ownTurn?.draft ? [ownTurn.draft] : otherDrafts.map(([, parts]) => parts);
  const effects = useTurnEffects(messages);
  const sending = ownTurn?.running && ownTurn.messages.length === 0 ? ownTurn.content : null;
  // A conversation made empty (conversations.create) starts like a new chat.
  const empty = history.isSuccess && messages.length === 0 && drafts.length === 0 && sending === null;

  if (stream.deleted || errorCode(conversation.error) === 'NOT_FOUND') {
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
      <h1 id="chat-title">{conversation.data ? conversationTitle(conversation.data) : 'Conversation'}</h1>
      <ErrorAlert error={history.error} />
      {empty ? (
        <ChatIntro disabled={turn?.running ?? false} onSend={onExample} />
      ) : (
        <MessageList messages={messages} drafts={drafts} sending={sending} earlier={history} effects={effects} />
      )}
    </section>
  );
}
