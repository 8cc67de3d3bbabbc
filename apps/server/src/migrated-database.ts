import { type DatabaseHandle, migrateUp, openDatabase } from '@taskchat/db';

/**
 * The database a server runs on (DATABASE_URL, or outside production the embedded cluster), with
 * every pending migration applied: once per start, by the single process or by a cluster's primary.
 */
export async function openMigratedDatabase(): Promise<DatabaseHandle> {
  const database = await openDatabase();
  try {
    await migrateUp(database.directUrl);
    return database;
  } catch (error) {
    await database.release().catch(() => {});
    throw error;
  }
}
