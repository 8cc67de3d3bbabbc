import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import type { Page } from '../pagination/keyset-page.data.ts';
import { selectTaskTrashPage, type TrashedTaskOutput } from './task-trash.data.ts';
import { selectTimeZone } from './tasks.data.ts';
import type { listTaskTrashInput } from './tasks.schemas.ts';

/** `tasks.trash`: the caller's tasks in the trash (subtasks as rows of their own), most recently deleted first. */
export async function listTaskTrash(
  ctx: UserScope,
  input: z.output<typeof listTaskTrashInput>,
): Promise<Page<TrashedTaskOutput>> {
  return await selectTaskTrashPage(ctx.db, ctx.userId, input, await selectTimeZone(ctx.db, ctx.userId));
}
