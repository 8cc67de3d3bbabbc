import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { href, navigate, parseRoute } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { readLastConversation } from './last-conversation.ts';

/**
 * The conversation to go back to: the one this browser had open last while it is still there (not
 * purged, not in the trash), else the first of the list, else none (a new chat). Asked afresh:
 * what is cached may be older than a deletion.
 */
async function conversationToResume(trpc: ReturnType<typeof useTRPC>, queryClient: QueryClient) {
  const last = readLastConversation();
  if (last) {
    const kept = await queryClient
      .fetchQuery(trpc.conversations.get.queryOptions({ id: last, includeTrashed: true }, { staleTime: 0 }))
      .catch(() => null);
    if (kept && kept.trashedAt === null) return kept.id;
  }
  const newest = await queryClient
    .fetchQuery(trpc.conversations.list.queryOptions({ archived: false, limit: 1 }, { staleTime: 0 }))
    .catch(() => null);
  return newest?.items[0]?.id;
}

/**
 * `#/` and `#/chat/last` (the Chat link, the landing after signing in): goes on to the
 * conversation to resume, replacing this address, unless the reader went elsewhere meanwhile.
 */
export function ResumeChat() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    let gone = false;
    void conversationToResume(trpc, queryClient).then((conversationId) => {
      if (!gone && parseRoute(location.hash).screen === 'resume')
        navigate(href.chat(conversationId), { replace: true });
    });
    return () => {
      gone = true;
    };
  }, [trpc, queryClient]);
  return <main className="chat" aria-busy="true" />;
}
