import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { chatEffectsInput } from './chat.schemas.ts';
import type { TaskEffect } from './chat-events.ts';
import { selectEffectsOfMessages } from './task-effects.data.ts';

/**
 * `chat.effects`: the task changes of each of the caller's messages among `messageIds`, with
 * whether an undo reverted them (`undoneAt`) and, on an undo's own, the message it undid
 * (`undoes`): what a client shows under each answer after a reload. A message that is not the
 * caller's, or is in the trash with its conversation, is absent, like a missing one.
 */
export async function listMessageEffects(
  ctx: UserScope,
  input: z.output<typeof chatEffectsInput>,
): Promise<{ messageId: string; effects: TaskEffect[] }[]> {
  return await selectEffectsOfMessages(ctx.db, ctx.userId, input.messageIds);
}
