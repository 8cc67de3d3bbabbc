import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

/** Why the open conversation is out of the usual lists, with the one click that brings it back. */
export function ConversationState({ conversationId, state }: { conversationId: string; state: 'archived' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unarchive = useMutation(
    trpc.conversations.unarchive.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.conversations.pathFilter()),
    }),
  );
  return (
    <section className="conversation-state" aria-label="Conversation state">
      <span>{state === 'archived' && 'This conversation is archived.'}</span>
      <button type="button" disabled={unarchive.isPending} onClick={() => unarchive.mutate({ id: conversationId })}>
        Unarchive
      </button>
      <ErrorAlert error={unarchive.error} />
    </section>
  );
}
