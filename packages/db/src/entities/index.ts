import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { Session } from './session.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

export { Conversation, Message, Session, Task, User };

/** Every entity the ORM manages; the migrator diffs exactly these. */
export const entities = [User, Session, Task, Conversation, Message];
