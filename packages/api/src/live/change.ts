import { idSchema } from '@taskchat/db';
import { z } from 'zod';

/** What happened to a task, as `tasks_notify_*` triggers name it. */
export const TASK_CHANGES = ['created', 'updated', 'completed', 'moved', 'deleted', 'restored'] as const;
export type TaskChangeKind = (typeof TASK_CHANGES)[number];

/**
 * One committed change, as the database's triggers announce it (`entities/change-notifications.ts`
 * in `@taskchat/db`): ids only, never content. `stream`: something was added to the conversation's
 * stream (a message, a turn's event, a turn started or ended);
 * `created`, `updated`, `activity`, `deleted`: the user's conversation list changed (moving to
 * the trash reads as `deleted`, restoring as `created`);
 * `task`: one of the user's tasks (`t`) was created, updated, completed, moved, deleted (to the
 * trash, or purged) or restored (`a`);
 * `reminder`: a reminder (`r`) of one of the user's tasks (`t`) was delivered (it came due);
 * `session-closed`: a session was signed out or its user deleted.
 */
export const changeSchema = z.discriminatedUnion('k', [
  z.object({ k: z.enum(['stream', 'created', 'updated', 'activity', 'deleted']), u: idSchema, c: idSchema }),
  z.object({ k: z.literal('task'), u: idSchema, t: idSchema, a: z.enum(TASK_CHANGES) }),
  z.object({ k: z.literal('reminder'), u: idSchema, t: idSchema, r: idSchema }),
  z.object({ k: z.literal('session-closed'), u: idSchema, s: idSchema }),
]);
export type Change = z.infer<typeof changeSchema>;

/** The change a notification's payload announces; null for anything else on the channel. */
export function parseChange(payload: string | undefined): Change | null {
  try {
    const parsed = changeSchema.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
