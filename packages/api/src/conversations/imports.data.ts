import type { Database } from '../database.ts';

/**
 * Takes the user's import lock for the rest of the transaction, if no other transaction holds it
 * (a transaction-scoped advisory lock, so every server process sees it); false when one does.
 */
export async function tryLockImportsOf(tx: Database, userId: string): Promise<boolean> {
  const { locked } = await tx
    .selectNoFrom((eb) =>
      eb
        .fn<boolean>('pg_try_advisory_xact_lock', [eb.fn('hashtextextended', [eb.val(`import:${userId}`), eb.lit(0)])])
        .as('locked'),
    )
    .executeTakeFirstOrThrow();
  return locked;
}
