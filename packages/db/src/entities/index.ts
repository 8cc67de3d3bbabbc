import { ChatTurn } from './chat-turn.ts';
import { ChatTurnEvent } from './chat-turn-event.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { MessageTaskEffect } from './message-task-effect.ts';
import { RateLimitWindow } from './rate-limit-window.ts';
import { Session } from './session.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

export {
  ChatTurn,
  ChatTurnEvent,
  Conversation,
  Message,
  MessageTaskEffect,
  RateLimitWindow,
  Session,
  SignInThrottle,
  Task,
  User,
};

/** Every entity the ORM manages; the migrator diffs exactly these. */
export const entities = [
  User,
  Session,
  Task,
  Conversation,
  Message,
  MessageTaskEffect,
  ChatTurn,
  ChatTurnEvent,
  RateLimitWindow,
  SignInThrottle,
];
