import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

/**
 * Which assistant answers (`chat.assistant`), in small print under the composer. Its line is kept
 * while it loads so the composer does not move; a server that cannot say leaves it blank.
 */
export function AssistantLine() {
  const trpc = useTRPC();
  // The server's configuration: it changes only with a restart.
  const { data } = useQuery(trpc.chat.assistant.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const text =
    data?.kind === 'offline'
      ? 'Offline assistant — set CHAT_MODEL_BASE_URL and CHAT_MODEL for a model'
      : data?.kind === 'model'
        ? `Model: ${data.model}`
        : '';
  return <p className="assistant-line">{text}</p>;
}
