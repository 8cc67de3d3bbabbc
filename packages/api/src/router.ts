import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { authRouter } from './auth/auth.router.ts';
import { chatRouter } from './chat/chat.router.ts';
import { conversationsRouter } from './conversations/conversations.router.ts';
import { labelsRouter } from './labels/labels.router.ts';
import { messagesRouter } from './messages/messages.router.ts';
import { oauthRouter } from './oauth/oauth.router.ts';
import { projectsRouter } from './projects/projects.router.ts';
import { remindersRouter } from './reminders/reminders.router.ts';
import { tasksRouter } from './tasks/tasks.router.ts';
import { router } from './trpc.ts';
import { versionRouter } from './version/version.router.ts';

export const appRouter = router({
  auth: authRouter,
  tasks: tasksRouter,
  labels: labelsRouter,
  projects: projectsRouter,
  reminders: remindersRouter,
  conversations: conversationsRouter,
  messages: messagesRouter,
  chat: chatRouter,
  oauth: oauthRouter,
  version: versionRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
