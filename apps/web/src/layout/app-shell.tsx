import { useMutation, useQuery } from '@tanstack/react-query';
import { AccountScreen } from '../account/account-screen.tsx';
import { TimeZoneBanner } from '../account/time-zone-banner.tsx';
import { ChatScreen } from '../chat/chat-screen.tsx';
import { ResumeChat } from '../chat/resume-chat.tsx';
import { TrashScreen } from '../conversations/trash-screen.tsx';
import { NoticeRegion, NoticesProvider } from '../notices/notices.tsx';
import { ConsentScreen } from '../oauth/consent-screen.tsx';
import { NotificationsButton } from '../reminders/notifications-button.tsx';
import { href, useRoute } from '../routing/route.ts';
import { writeSessionToken } from '../session/session-token.ts';
import { TasksScreen } from '../tasks/tasks-screen.tsx';
import { useTaskChanges } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';

/** The signed-in frame: navigation, who is signed in, sign out, and the current screen. */
export function AppShell() {
  return (
    <NoticesProvider>
      <Shell />
    </NoticesProvider>
  );
}

function Shell() {
  const trpc = useTRPC();
  const route = useRoute();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Task changes and reminders are followed on every screen.
  const live = useTaskChanges(me.data?.id);
  // The token is dropped even if the server cannot be told: this browser is signed out either way.
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSettled: () => writeSessionToken(null) }));
  const current = (screen: string) => (route.screen === screen ? 'page' : undefined);

  return (
    <div className="shell" data-live={live ? 'on' : 'off'}>
      <header className="topbar">
        <span className="brand">Taskchat</span>
        <nav aria-label="Main">
          <a href={href.tasks()} aria-current={current('tasks')}>
            Tasks
          </a>
          <a href={href.lastChat()} aria-current={current('chat')}>
            Chat
          </a>
          <a href={href.trash()} aria-current={current('trash')}>
            Trash
          </a>
          <a href={href.account()} aria-current={current('account')}>
            Account
          </a>
        </nav>
        <span className="who">{me.data?.email}</span>
        <NotificationsButton />
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </button>
      </header>
      <TimeZoneBanner />
      {route.screen === 'tasks' && <TasksScreen view={route.view} highlightId={route.taskId} />}
      {route.screen === 'chat' && <ChatScreen conversationId={route.conversationId} messageId={route.messageId} />}
      {route.screen === 'resume' && <ResumeChat />}
      {route.screen === 'trash' && <TrashScreen />}
      {route.screen === 'account' && <AccountScreen />}
      {route.screen === 'consent' && <ConsentScreen key={route.uid} uid={route.uid} />}
      <NoticeRegion />
    </div>
  );
}
