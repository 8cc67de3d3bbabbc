/**
 * Runs the application database for development: DATABASE_URL's, or the embedded one under .data/,
 * with every pending migration applied. Prints its URL and stops it cleanly on Ctrl-C / SIGTERM.
 */
import { migrateUp, openDatabase } from '../index.ts';

const database = await openDatabase();
const applied = await migrateUp(database.directUrl);
if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
console.log(`PostgreSQL ready at ${database.url.replace(/:[^:@/]+@/, ':***@')}`);

if (database.embeddedDir) {
  console.log(`Its data: ${database.embeddedDir}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      await database.release();
      process.exit(0);
    });
  }
  setInterval(() => {}, 1 << 30); // keep running until a signal arrives
}
