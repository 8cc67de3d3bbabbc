/**
 * Migration commands behind the root scripts:
 *   up       apply pending migrations to the app database (DATABASE_DIRECT_URL, else DATABASE_URL, else the embedded one)
 *   down     revert the last applied migration
 *   create   generate a migration from entity changes (diffed against a freshly migrated scratch database)
 *   check    exit 1 when the entities and the migrations disagree
 */
import { openDatabase, readDatabaseUrl } from '../database-url.ts';
import { migrateDown, migrateUp } from '../migrations-runner.ts';
import { pendingSchemaChanges, withMigratedScratchDatabase } from '../throwaway-databases.ts';

const [command, name] = process.argv.slice(2);

async function onAppDatabase(run: (url: string) => Promise<string[]>, verb: string): Promise<void> {
  const database = await openDatabase();
  try {
    // Migrations hold a session (their lock): the direct URL, past any transaction pooler.
    const names = await run(database.directUrl);
    console.log(names.length ? `${verb}: ${names.join(', ')}` : `Nothing to do: no migration ${verb.toLowerCase()}.`);
  } finally {
    await database.release();
  }
}

async function main(): Promise<number> {
  switch (command) {
    case 'up':
      await onAppDatabase(migrateUp, 'Applied');
      return 0;
    case 'down':
      await onAppDatabase(migrateDown, 'Reverted');
      return 0;
    case 'create': {
      const result = await withMigratedScratchDatabase(readDatabaseUrl('DATABASE_URL'), (orm) =>
        orm.migrator.create(undefined, false, false, name),
      );
      console.log(result.diff.up.length ? `Created ${result.fileName}` : 'No entity changes: no migration created.');
      return 0;
    }
    case 'check': {
      const diff = await withMigratedScratchDatabase(readDatabaseUrl('DATABASE_URL'), pendingSchemaChanges);
      if (!diff) {
        console.log('Migrations match the entities.');
        return 0;
      }
      console.error(`Entities and migrations disagree; run pnpm db:migration:create. Missing SQL:\n${diff}`);
      return 1;
    }
    default:
      console.error('usage: migrate up | down | create [name] | check');
      return 2;
  }
}

process.exitCode = await main();
