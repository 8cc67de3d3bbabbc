import { useMutation, useQuery } from '@tanstack/react-query';
import { ChatScreen } from '../chat/chat-screen.tsx';
import { TrashScreen } from '../conversations/trash-screen.tsx';
import { href, useRoute } from '../routing/route.ts';
import { writeSessionToken } from '../session/session-token.ts';
import { TasksScreen } from '../tasks/tasks-screen.tsx';
import { useTRPC } from '../trpc.ts';

/** The signed-in frame: navigation, who is signed in, sign out, and the current screen. */
export function AppShell() {
  const trpc = useTRPC();
  const route = useRoute();
  const me = useQuery(trpc.auth.me.queryOptions());
  // The token is dropped even if the server cannot be told: this browser is signed out either way.
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSettled: () => writeSessionToken(null) }));
  const current = (screen: string) => (route.screen === screen ? 'page' : undefined);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Taskchat</span>
        <nav aria-label="Main">
          <a href={href.tasks()} aria-current={current('tasks')}>
            Tasks
          </a>
          <a href={href.chat()} aria-current={current('chat')}>
            Chat
          </a>
          <a href={href.trash()} aria-current={current('trash')}>
            Trash
          </a>
        </nav>
        <span className="who">{me.data?.email}</span>
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </button>
      </header>
      {route.screen === 'tasks' && <TasksScreen highlightId={route.taskId} />}
      {route.screen === 'chat' && <ChatScreen conversationId={route.conversationId} />}
      {route.screen === 'trash' && <TrashScreen />}
    </div>
  );
}
