import { useMutation } from '@tanstack/react-query';
import { useNotices } from '../notices/notices.tsx';
import { UNDO_MS, undoFailedNotice } from '../notices/undo-notice.ts';
import { href, navigate } from '../routing/route.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { useRefreshConversationLists } from './use-refresh-conversation-lists.ts';

/**
 * Deletes a conversation (to the trash) and offers Undo for a few seconds, which restores it and,
 * when it was the open one and the reader is still on the new chat that took its place, opens it again.
 */
export function useDeleteConversation({ name, open }: { name: string; open: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refreshLists = useRefreshConversationLists();
  const { show } = useNotices();
  // Undo outlives the list item (gone with the conversation): it calls the client itself.
  const undo = (id: string) => () =>
    client.conversations.restore
      .mutate({ id })
      .then(
        () => {
          if (open && location.hash === href.chat()) navigate(href.chat(id), { replace: true });
        },
        (error: unknown) => show(undoFailedNotice(error)),
      )
      .finally(refreshLists);
  return useMutation(
    trpc.conversations.delete.mutationOptions({
      onSuccess: (_deleted, { id }) => {
        // The open conversation is gone: a new chat takes its place (before anything asks for it again).
        if (open) navigate(href.chat(), { replace: true });
        show({ kind: 'undo', text: `Deleted “${name}”.`, undo: undo(id), duration: UNDO_MS });
        return refreshLists();
      },
    }),
  );
}
