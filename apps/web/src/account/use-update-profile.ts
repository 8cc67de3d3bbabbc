import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';

/**
 * `auth.updateProfile`, then what it changes: the profile everywhere it shows, and the task lists
 * (a new zone moves timed tasks' days).
 */
export function useUpdateProfile() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshTasks = useRefreshTasks();
  return useMutation(
    trpc.auth.updateProfile.mutationOptions({
      onSuccess: async (user) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), (old) => (old ? { ...old, ...user } : old));
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        await refreshTasks();
      },
    }),
  );
}
