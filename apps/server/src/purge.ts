/**
 * `pnpm db:purge`: purges, once, what has been in the trash longer than TRASH_RETENTION_DAYS, on
 * DATABASE_URL or the embedded PostgreSQL of this checkout, and says how many conversations went.
 * Safe while servers run (they purge the same way).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { databaseOf, purgeExpiredTrash } from '@taskchat/api';
import { createOrmConfig, openDatabase } from '@taskchat/db';
import { loadConfig } from './config.ts';

const config = loadConfig();
const database = await openDatabase();
try {
  const orm = await MikroORM.init(createOrmConfig(database.url, { pool: { min: 0, max: 1 } }));
  try {
    const purged = await purgeExpiredTrash(databaseOf(orm), config.TRASH_RETENTION_DAYS * 86_400_000);
    console.log(`Purged ${purged} conversation${purged === 1 ? '' : 's'} from the trash.`);
  } finally {
    await orm.close();
  }
} finally {
  // The embedded PostgreSQL is let go of whatever failed.
  await database.release();
}
