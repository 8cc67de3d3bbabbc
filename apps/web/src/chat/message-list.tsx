import type { MessagePart, TaskEffect } from '@taskchat/client';
import { useLayoutEffect, useRef } from 'react';
import { LoadMore, type PagedQuery } from '../conversations/load-more.tsx';
import { MessageView } from './message-view.tsx';
import type { Message } from './use-chat-turn.ts';

interface MessageListProps {
  messages: Message[];
  /** Answers being written, shown after the stored messages. */
  drafts: MessagePart[][];
  /** The words just sent, before the server stores them. */
  sending?: string | null;
  /** The history's query, for its older pages. */
  earlier?: PagedQuery;
  /** What each answer did to tasks, as recorded, by message id (`useTurnEffects`). */
  effects?: Map<string, TaskEffect[]>;
}

/** The messages, kept scrolled to the newest while the reader is there (not while they read back). */
export function MessageList({ messages, drafts, sending = null, earlier, effects }: MessageListProps) {
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const size = `${messages.length}:${drafts.map((draft) => JSON.stringify(draft).length).join(',')}:${sending}`;

  // Runs whenever what is shown grows (`size`).
  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [size]);

  return (
    <div
      ref={list}
      className="messages"
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {earlier && <LoadMore pages={earlier} label="Load earlier messages" />}
      <ol role="log" aria-label="Messages" aria-live="polite">
        {messages.map((message) => (
          <MessageView
            key={message.id}
            author={message.role}
            content={message.content}
            parts={message.parts}
            incomplete={message.incomplete}
            messageId={message.id}
            effects={effects?.get(message.id)}
          />
        ))}
        {sending !== null && <MessageView author="user" content={sending} parts={null} pending />}
        {drafts.map((parts, index) => (
          <MessageView key={index} author="assistant" content="" parts={parts} pending />
        ))}
      </ol>
    </div>
  );
}
