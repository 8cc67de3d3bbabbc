import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

/** Where an open conversation is when it is not among the chats. */
export type ConversationPlace = 'archived' | 'trashed';

const SAYS: Record<ConversationPlace, { text: string; action: string }> = {
  archived: { text: 'This conversation is archived.', action: 'Unarchive' },
  trashed: { text: 'In the trash: restore this conversation to read and continue it.', action: 'Restore' },
};

/** Says that the open conversation is archived or in the trash, with the one click that brings it back. */
export function ConversationState({ conversationId, place }: { conversationId: string; place: ConversationPlace }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Every list it is in or leaves, and the conversation itself (its place changed).
  const options = { onSuccess: () => queryClient.invalidateQueries(trpc.conversations.pathFilter()) };
  const unarchive = useMutation(trpc.conversations.unarchive.mutationOptions(options));
  const restore = useMutation(trpc.conversations.restore.mutationOptions(options));
  const bringBack = place === 'archived' ? unarchive : restore;
  return (
    <section className="conversation-state" aria-label="Conversation state">
      <span>{SAYS[place].text}</span>
      <button
        type="button"
        className="primary"
        disabled={bringBack.isPending}
        onClick={() => bringBack.mutate({ id: conversationId })}
      >
        {SAYS[place].action}
      </button>
      <ErrorAlert error={bringBack.error} />
    </section>
  );
}
