import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../trpc.ts';

/**
 * Keeps every conversation list current while it is on screen: a change made in another tab, on
 * another device or by the assistant (a title) refetches the lists. The stream is not replayed,
 * so its (re)start refetches too.
 */
export function useConversationChanges(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = () => queryClient.invalidateQueries(trpc.conversations.pathFilter());
  useSubscription(trpc.conversations.onChange.subscriptionOptions(undefined, { onStarted: refetch, onData: refetch }));
}
