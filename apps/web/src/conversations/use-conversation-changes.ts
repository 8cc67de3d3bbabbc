import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useLiveSubscription } from '../live/use-live-subscription.ts';
import { useTRPC } from '../trpc.ts';
import { useRefreshConversationLists } from './use-refresh-conversation-lists.ts';

/**
 * Keeps every conversation list current while it is on screen: a change made in another tab, on
 * another device or by the assistant (a title) refetches the lists. The stream is not replayed,
 * so its (re)start refetches too.
 */
export function useConversationChanges(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshLists = useRefreshConversationLists();
  const refetchAll = () => queryClient.invalidateQueries(trpc.conversations.pathFilter());
  const subscription = useSubscription(
    trpc.conversations.onChange.subscriptionOptions(undefined, {
      onStarted: refetchAll,
      // A deleted conversation is not fetched again (it is gone: a 404); the lists drop it.
      onData: (change) => (change.type === 'deleted' ? refreshLists() : refetchAll()),
    }),
  );
  useLiveSubscription(subscription);
}
