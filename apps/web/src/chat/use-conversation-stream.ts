import { useQueryClient } from '@tanstack/react-query';
import type { MessagePart } from '@taskchat/client';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useLiveSubscription } from '../live/use-live-subscription.ts';
import { useTRPC } from '../trpc.ts';
import { arrived } from './current-branch.ts';
import { withProgress } from './draft.ts';
import { historyInput } from './history-input.ts';
import type { StoredMessage } from './use-chat-turn.ts';

export interface ConversationStream {
  /** Messages stored since the stream started, by whoever stored them (this tab, another one, the assistant). */
  messages: StoredMessage[];
  /** Answers being written right now, by turn. */
  drafts: Map<string, MessagePart[]>;
  /** The conversation went to the trash (in another tab, or on another device). */
  deleted: boolean;
}

/**
 * `messages.onMessage` for one conversation: what is stored and written in it while it is open
 * (on any branch: `currentBranch` shows the ones on screen). The stream resumes by itself after a
 * drop (from the last event it got); its start refetches the message list, so nothing stored in
 * between is missed.
 */
export function useConversationStream(conversationId: string): ConversationStream {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<ConversationStream>({ messages: [], drafts: new Map(), deleted: false });

  const subscription = useSubscription(
    trpc.messages.onMessage.subscriptionOptions(
      { conversationId },
      {
        onStarted: () =>
          queryClient.invalidateQueries(trpc.messages.list.infiniteQueryFilter(historyInput(conversationId))),
        onData: ({ data: event }) => {
          // Whatever a turn did to tasks shows on the task list.
          if (event.type === 'turn-end') void queryClient.invalidateQueries(trpc.tasks.pathFilter());
          setStream((current) => {
            const drafts = new Map(current.drafts);
            switch (event.type) {
              case 'message':
                return { ...current, messages: [...current.messages, arrived(event.message)] };
              case 'turn-progress':
                drafts.set(event.turnId, withProgress(drafts.get(event.turnId) ?? [], event.event));
                return { ...current, drafts };
              case 'turn-end':
                drafts.delete(event.turnId);
                return { ...current, drafts };
              case 'conversation-deleted':
                return { ...current, deleted: true };
            }
          });
        },
      },
    ),
  );
  useLiveSubscription(subscription);
  return stream;
}
