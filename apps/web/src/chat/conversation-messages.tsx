import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { ChatIntro } from './chat-intro.tsx';
import { currentBranch } from './current-branch.ts';
import { historyInput } from './history-input.ts';
import { MessageList } from './message-list.tsx';
import type { Turn, TurnStart } from './use-chat-turn.ts';
import { useConversationStream } from './use-conversation-stream.ts';
import { useMessageActions } from './use-message-actions.ts';
import { useTurnEffects } from './use-turn-effects.ts';

/** How many pages of history (of `historyInput`'s size) a link to an older message loads, at most, to find it. */
const TARGET_SEARCH_PAGES = 20;

/**
 * An open conversation's current branch: its history (newest page first, older pages on demand or
 * until a linked message is found), live messages, and the answer being written; with edit,
 * regenerate, branch switching and votes on its messages.
 */
export function ConversationMessages({
  conversationId,
  messageId,
  turn,
  onExample,
  onTurn,
  onDeleted,
}: {
  conversationId: string;
  /** The message to open at (a search result's); null opens at the end. */
  messageId: string | null;
  turn: Turn | null;
  /** Sends an example from the empty conversation's introduction. */
  onExample: (content: string) => void;
  /** Starts a turn here: an edit of a message, or an answer regenerated. */
  onTurn: (start: TurnStart) => void;
  /** The conversation went to the trash while open (another tab, another device). */
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
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
  const actions = useMessageActions(conversationId, turn?.running ?? false, onTurn);
  const cut = ownTurn?.running ? ownTurn.after : undefined;
  const arrived = [...stream.messages, ...(ownTurn?.messages ?? [])];
  const messages = currentBranch(listed, arrived, actions.switchedAt, cut);
  const drafts = ownTurn?.draft ? [ownTurn.draft] : otherDrafts.map(([, parts]) => parts);
  const effects = useTurnEffects(messages);
  const sending = ownTurn?.running && ownTurn.messages.length === 0 ? ownTurn.content : null;
  // A conversation made empty (conversations.create) starts like a new chat.
  const empty = history.isSuccess && messages.length === 0 && drafts.length === 0 && sending === null;

  // A linked message further back: older pages load until it shows (or the bound is reached).
  const found = messageId !== null && messages.some((message) => message.id === messageId);
  const searching =
    messageId !== null && !found && history.hasNextPage && (history.data?.pages.length ?? 0) < TARGET_SEARCH_PAGES;
  const { isFetching, isFetchNextPageError, fetchNextPage } = history;
  useEffect(() => {
    if (searching && !isFetching && !isFetchNextPageError) void fetchNextPage();
  }, [searching, isFetching, isFetchNextPageError, fetchNextPage]);
  const missing = messageId !== null && !found && !searching && history.isSuccess;

  const { deleted } = stream;
  useEffect(() => {
    if (deleted) onDeleted();
  }, [deleted, onDeleted]);

  return (
    <>
      <ErrorAlert error={history.error} />
      {missing && (
        <p className="note link-missing" role="status">
          {history.hasNextPage
            ? `The linked message is further back than the latest ${TARGET_SEARCH_PAGES * historyInput(conversationId).limit} messages; here is the end of the conversation.`
            : 'The linked message is not on this branch of the conversation; here is its end.'}{' '}
          <button type="button" className="link" onClick={() => actions.switchTo(messageId)}>
            Show its branch
          </button>
        </p>
      )}
      {empty ? (
        <ChatIntro disabled={turn?.running ?? false} onSend={onExample} />
      ) : (
        <MessageList
          messages={messages}
          drafts={drafts}
          sending={sending}
          earlier={history}
          effects={effects}
          target={found ? messageId : null}
          actions={actions}
        />
      )}
    </>
  );
}
