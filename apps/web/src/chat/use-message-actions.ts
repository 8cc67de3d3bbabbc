import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterInputs } from '@taskchat/client';
import { useState } from 'react';
import { useTRPC } from '../trpc.ts';
import type { StoredMessage, TurnStart } from './use-chat-turn.ts';

/** What a message offers besides its words: edit and regenerate (a new branch), switching branch, a vote. */
export interface MessageActions {
  /** A turn is running: no edit or regeneration starts until it ends. */
  turnRunning: boolean;
  /** Sends new words in place of a user message: a new branch beside it. */
  edit: (message: StoredMessage, content: string) => void;
  /** The answer again, beside the old one. */
  regenerate: (answer: StoredMessage) => void;
  /** Shows the branch through this message (a sibling's), to its newest message. */
  switchTo: (messageId: string) => void;
  /** Thumbs up or down on an answer (null takes it back), with an optional comment. */
  vote: (messageId: string, value: RouterInputs['messages']['vote']['value'], comment?: string) => void;
  /** Why the last switch or vote failed; null when it did not. */
  error: unknown;
  /** When the reader last switched branch (`Date.now()`): what arrived before belongs to the branch left. */
  switchedAt: number;
}

/** The message actions of one conversation; each refreshes the branch on screen when it is done. */
export function useMessageActions(
  conversationId: string,
  turnRunning: boolean,
  onTurn: (start: TurnStart) => void,
): MessageActions {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.messages.list.pathFilter()),
      queryClient.invalidateQueries(trpc.conversations.get.queryFilter({ id: conversationId, includeTrashed: true })),
    ]);
  const [switchedAt, setSwitchedAt] = useState(0);
  const setLeaf = useMutation(
    trpc.conversations.setLeaf.mutationOptions({
      onSuccess: () => {
        setSwitchedAt(Date.now());
        return refresh();
      },
    }),
  );
  const vote = useMutation(trpc.messages.vote.mutationOptions({ onSuccess: refresh }));
  return {
    turnRunning,
    edit: (message, content) => onTurn({ kind: 'send', content, parentId: message.parentId }),
    regenerate: (answer) => onTurn({ kind: 'regenerate', answer }),
    switchTo: (messageId) => setLeaf.mutate({ id: conversationId, messageId }),
    vote: (messageId, value, comment) => vote.mutate({ messageId, value, comment }),
    error: setLeaf.error ?? vote.error,
    switchedAt,
  };
}
