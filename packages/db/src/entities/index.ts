import { AccessToken } from './access-token.ts';
import { ChatTurn } from './chat-turn.ts';
import { ChatTurnEvent } from './chat-turn-event.ts';
import { Conversation } from './conversation.ts';
import { ConversationShare } from './conversation-share.ts';
import { Label } from './label.ts';
import { Message } from './message.ts';
import { MessageTaskEffect } from './message-task-effect.ts';
import { MessageVote } from './message-vote.ts';
import { OAuthRecord } from './oauth-record.ts';
import { OAuthSecret } from './oauth-secret.ts';
import { Project } from './project.ts';
import { RateLimitWindow } from './rate-limit-window.ts';
import { Reminder } from './reminder.ts';
import { Session } from './session.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { Task } from './task.ts';
import { TaskCompletion } from './task-completion.ts';
import { TaskLabel } from './task-label.ts';
import { User } from './user.ts';

export {
  AccessToken,
  ChatTurn,
  ChatTurnEvent,
  Conversation,
  ConversationShare,
  Label,
  Message,
  MessageTaskEffect,
  MessageVote,
  OAuthRecord,
  OAuthSecret,
  Project,
  RateLimitWindow,
  Reminder,
  Session,
  SignInThrottle,
  Task,
  TaskCompletion,
  TaskLabel,
  User,
};

/** Every entity the ORM manages; the migrator diffs exactly these. */
export const entities = [
  User,
  Session,
  Project,
  Label,
  Task,
  TaskLabel,
  TaskCompletion,
  Reminder,
  Conversation,
  Message,
  MessageTaskEffect,
  MessageVote,
  ConversationShare,
  ChatTurn,
  ChatTurnEvent,
  RateLimitWindow,
  SignInThrottle,
  AccessToken,
  OAuthRecord,
  OAuthSecret,
];
