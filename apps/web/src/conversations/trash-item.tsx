import { useMutation } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef } from 'react';
import { forgetLastConversation } from '../chat/last-conversation.ts';
import { PurgeButton } from '../editing/purge-button.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';
import { useRefreshConversationLists } from './use-refresh-conversation-lists.ts';

type Conversation = RouterOutputs['conversations']['trash']['items'][number];

/** A deleted conversation: restore it, or delete it for good (asked again first). */
export function TrashItem({ conversation }: { conversation: Conversation }) {
  const trpc = useTRPC();
  const refreshLists = useRefreshConversationLists();
  const item = useRef<HTMLLIElement>(null);
  const restore = useMutation(trpc.conversations.restore.mutationOptions({ onSuccess: refreshLists }));
  const purge = useMutation(
    trpc.conversations.purge.mutationOptions({
      onSuccess: () => {
        forgetLastConversation(conversation.id);
        return refreshLists();
      },
    }),
  );
  useFocusSuccessor(item, '#trash-title');
  const name = conversationTitle(conversation);

  return (
    <li ref={item}>
      <span className="conversation-name">{name}</span>
      <button type="button" onClick={() => restore.mutate({ id: conversation.id })} aria-label={`Restore ${name}`}>
        Restore
      </button>
      <PurgeButton name={name} label={`Delete ${name} forever`} onPurge={() => purge.mutate({ id: conversation.id })} />
      <ErrorAlert error={restore.error ?? purge.error} />
    </li>
  );
}
