import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities/index.ts';

const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

/** The one MikroORM configuration; callers only choose the database and pool size. */
export function createOrmConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Metadata comes from defineEntity; nothing is discovered from files or reflected.
    discovery: { warnWhenNoEntities: true },
    ensureDatabase: false,
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).ts',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      // Migrations are diffed against a freshly migrated scratch database, never a snapshot file.
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    // The functions beside the entities (append_messages) are the migrations' own: the schema diff
    // would drop a function that no entity declares.
    schemaGenerator: { ignoreRoutines: true },
    ...overrides,
  });
}
