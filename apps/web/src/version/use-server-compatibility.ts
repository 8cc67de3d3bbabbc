import { useQuery } from '@tanstack/react-query';
import { checkCompatibility } from '@taskchat/client';
import { useTRPCClient } from '../trpc.ts';

/**
 * Whether the server still speaks the API contract this page was built for. A tab left open
 * across a deploy keeps its old bundle, so the question is asked again whenever the tab comes
 * back into view (no stale time: one tiny public call per return), not only at load.
 */
export function useServerCompatibility() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ['server-compatibility'],
    queryFn: () => checkCompatibility(client),
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
}
