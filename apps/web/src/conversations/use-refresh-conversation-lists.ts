import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../trpc.ts';

/** Refetches the lists a conversation appears in (chats, archived, search, trash), not the conversation itself. */
export function useRefreshConversationLists(): () => Promise<unknown> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all(
        [trpc.conversations.list, trpc.conversations.search, trpc.conversations.trash].map((procedure) =>
          queryClient.invalidateQueries(procedure.pathFilter()),
        ),
      ),
    [trpc, queryClient],
  );
}
