import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import { realignTasksToZone } from '../tasks/task-time-zone.data.ts';
import type { updateProfileInput } from './auth.schemas.ts';
import { lockUserProfile, type UserOutput, updateUserProfile } from './users.data.ts';

/** PostgreSQL's invalid_parameter_value: a zone name its time zone database does not know. */
const isUnknownZone = (error: unknown) => (error as { code?: unknown } | undefined)?.code === '22023';

/**
 * `auth.updateProfile`: the caller's name and time zone. When the zone changes, in the same
 * transaction, the timed tasks' due dates become their instants' days in the new zone and the
 * relative reminders of date-only tasks fire from the due day's DATE_ONLY_DUE_TIME there.
 * BAD_REQUEST naming `timeZone` for a zone the database does not know (zod refuses the rest).
 */
export async function updateProfile(ctx: UserScope, input: z.output<typeof updateProfileInput>): Promise<UserOutput> {
  const { userId } = ctx;
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const current = await lockUserProfile(tx, userId);
      const user = await updateUserProfile(tx, userId, { name: input.name, timeZone: input.timeZone });
      if (input.timeZone !== undefined && input.timeZone !== current.timeZone) {
        await realignTasksToZone(tx, userId, input.timeZone);
      }
      return user;
    });
  } catch (error) {
    if (isUnknownZone(error)) throw new DomainError('BAD_REQUEST', 'timeZone: not a time zone this server knows');
    throw error;
  }
}
