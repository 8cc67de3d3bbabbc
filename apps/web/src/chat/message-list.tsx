import type { MessagePart, TaskEffect } from '@taskchat/client';
import { useLayoutEffect } from 'react';
import { LoadMore, type PagedQuery } from '../conversations/load-more.tsx';
import { MessageView, messageElementId } from './message-view.tsx';
import type { StoredMessage } from './use-chat-turn.ts';
import { useFollowNewest } from './use-follow-newest.ts';
import type { MessageActions } from './use-message-actions.ts';

interface MessageListProps {
  messages: StoredMessage[];
  /** Answers being written, shown after the stored messages. */
  drafts: MessagePart[][];
  /** The words just sent, before the server stores them. */
  sending?: string | null;
  /** The history's query, for its older pages. */
  earlier?: PagedQuery;
  /** What each answer did to tasks, as recorded, by message id (`useTurnEffects`). */
  effects?: Map<string, TaskEffect[]>;
  /** A shown message to open the list at, marked (a search result's); null opens it at the end. */
  target?: string | null;
  /** Edit, regenerate, switch branch and vote, in an open conversation. */
  actions?: MessageActions;
}

/**
 * The messages, in a box that scrolls on its own: kept at the newest while the reader is there
 * (not while they read back, then "Jump to latest" brings them back), in place when older pages
 * load above.
 */
export function MessageList({
  messages,
  drafts,
  sending = null,
  earlier,
  effects,
  target = null,
  actions,
}: MessageListProps) {
  const { scroller, content, following, onScroll, jumpToLatest, reveal } = useFollowNewest();

  // Opened at a message, or (again) at the end.
  useLayoutEffect(() => {
    const element = target && document.getElementById(messageElementId(target));
    if (element) reveal(element);
    else jumpToLatest();
  }, [target, reveal, jumpToLatest]);
  // What the reader just wrote, and the answer to it, are what they want to see.
  useLayoutEffect(() => {
    if (sending !== null) jumpToLatest();
  }, [sending, jumpToLatest]);

  return (
    <div className="messages-frame">
      <div ref={scroller} className="messages" onScroll={onScroll}>
        {earlier && <LoadMore pages={earlier} label="Load earlier messages" />}
        <ol ref={content} role="log" aria-label="Messages" aria-live="polite" tabIndex={-1}>
          {messages.map((message) => (
            <MessageView
              key={message.id}
              author={message.role}
              content={message.content}
              parts={message.parts}
              incomplete={message.incomplete}
              messageId={message.id}
              effects={effects?.get(message.id)}
              marked={message.id === target}
              tools={actions && { message, actions }}
            />
          ))}
          {sending !== null && <MessageView author="user" content={sending} parts={null} pending />}
          {drafts.map((parts, index) => (
            <MessageView key={index} author="assistant" content="" parts={parts} pending />
          ))}
        </ol>
      </div>
      {!following && (
        <button
          type="button"
          className="jump-to-latest"
          onClick={() => {
            jumpToLatest();
            // The button goes: focus goes to what it brought into view.
            content.current?.focus();
          }}
        >
          Jump to latest
        </button>
      )}
    </div>
  );
}
