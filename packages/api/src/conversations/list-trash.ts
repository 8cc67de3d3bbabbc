import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import type { listTrashInput } from './conversations.schemas.ts';
import { selectTrashPage, type TrashedConversationOutput } from './trash.data.ts';

/** `conversations.trash`: the caller's conversations in the trash, most recently deleted first. */
export async function listTrash(
  ctx: UserScope,
  input: z.output<typeof listTrashInput>,
): Promise<Page<TrashedConversationOutput>> {
  return await selectTrashPage(ctx.db, ctx.userId, input);
}
