import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTaskchatClient, errorCode } from '@taskchat/client';
import { useEffect, useRef, useState } from 'react';
import { AuthScreen } from './auth/auth-screen.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { readSessionToken, signOutWhenUnauthorized, useSessionToken } from './session/session-token.ts';
import { SharedConversation, sharedTokenOf } from './shared/shared-conversation.tsx';
import { TRPCProvider } from './trpc.ts';
import { UpdateBanner } from './version/update-banner.tsx';

/** Retries what may pass on a second try (the network, an outage), never a refusal. */
function shouldRetry(failures: number, error: unknown): boolean {
  const code = errorCode(error);
  return failures < 2 && (code === null || code === 'SERVICE_UNAVAILABLE');
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signOutWhenUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutWhenUnauthorized }),
    defaultOptions: { queries: { retry: shouldRetry, staleTime: 10_000 }, mutations: { retry: false } },
  });
}

export function App() {
  const token = useSessionToken();
  // A share link's page is for anyone: it needs no sign-in and shows nothing of an account.
  const [sharedToken] = useState(() => sharedTokenOf(location.pathname));
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    // Same origin as the page: the server serves both, and `pnpm dev` proxies the API.
    createTaskchatClient({ url: new URL('/trpc', location.origin).href, token: readSessionToken }),
  );
  // Nothing cached for one user may show for the next one (a share page caches no one's).
  useEffect(() => {
    if (!token && !sharedToken) queryClient.clear();
  }, [token, sharedToken, queryClient]);
  // Signed out here or in another tab: the next sign-in starts at the home address (the chat), not
  // where this user was. A link opened while signed out keeps its place through the sign-in.
  const signedIn = useRef(token !== null);
  useEffect(() => {
    if (signedIn.current && !token) history.replaceState(null, '', location.pathname + location.search);
    signedIn.current = token !== null;
  }, [token]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <UpdateBanner />
        {sharedToken ? <SharedConversation token={sharedToken} /> : token ? <AppShell /> : <AuthScreen />}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
